# cli: the command line's own words (the files' errors and the report tables are ntm-io's,
# the `--help` texts clap's, in crates/ntm/src/cli.rs). The line ends and the indentation
# of a listing are the command's.

cli_error = lỗi
cli_missing = thiếu { $option }
cli_missing_set = thiếu --set (xem: ntm criteria list)
cli_missing_period = thiếu --period (năm 2024 hoặc quý 2024Q3)
cli_xlsx_unwritable = { $file }: không ghi được tệp Excel: { $error }
cli_illustrative_banner = DỮ LIỆU MINH HỌA — số liệu và ngưỡng minh họa của huyện Tam Đường, không phải số liệu thật.

# units import
cli_units_read = Đã đọc { $files } tệp: { $units } đơn vị.
cli_units_at_level = { $level }: { $units } (còn hiệu lực: { $open })
cli_units_merger_links = liên kết sáp nhập: { $links }
cli_units_old_only_in_merger = { $communes } xã cũ chỉ có trong bảng sắp xếp (đã tạo từ bảng): { $codes }
cli_units_absent_from_merger = { $communes } xã của danh mục 01/2025 không có trong bảng sắp xếp: { $codes }
cli_units_written = Đã ghi vào cơ sở dữ liệu: { $units } đơn vị, { $links } liên kết sáp nhập.
# Where units already stored are, in an error about them (in place of a file's name).
cli_stored_units = cơ sở dữ liệu

# values import
cli_import_progress = { $rows } dòng
cli_import_progress_errors = { $rows } dòng, { $errors } lỗi
cli_values_loaded = Đã nạp { $rows } dòng, { $changed } giá trị thay đổi.

# agencies, targets, recognitions and accounts import
cli_agencies_loaded = Đã nạp { $agencies } cơ quan.
cli_members_loaded = Đã nạp { $members } thành viên Ban Chỉ đạo.
cli_targets_loaded = Đã nạp { $targets } mục tiêu.
cli_recognitions_loaded = Đã nạp { $decisions } quyết định công nhận.
cli_accounts_added = Đã thêm { $accounts } tài khoản, cùng mật khẩu ban đầu đã nhập; mỗi người hãy đổi mật khẩu khi đăng nhập lần đầu.
cli_user_may_not = --user { $username }: tài khoản này không được phép thực hiện thay đổi này

# user
cli_user_added = Đã thêm tài khoản { $username } ({ $role }).
cli_password_changed = Đã đổi mật khẩu của { $username }; các phiên đăng nhập cũ đã bị hủy.
cli_user_unlocked = Đã mở khóa tài khoản { $username }; các lần đăng nhập sai đã được xóa.
cli_user_disabled = (đã khóa)

# serve, demo
cli_serving = đang phục vụ tại { $url }
cli_demo_building = đang dựng dữ liệu minh họa vào { $file }
cli_demo_illustrative = DỮ LIỆU MINH HỌA huyện Tam Đường (Lai Châu) — số liệu không phải thật.
cli_demo_accounts = Tài khoản minh họa, mật khẩu: { $password }
cli_plans_loaded = Đã nạp { $plans } dòng lộ trình.

# issue 11 (operations): ntm check
cli_check_title = Kiểm tra { $database }
cli_check_integrity = Toàn vẹn (trang dữ liệu và liên kết)
cli_check_audit = Nhất quán của nhật ký thay đổi và bộ đếm
cli_check_migrations = Cập nhật cấu trúc (migration)
cli_check_passed = đạt
cli_check_failed = { $problems } vấn đề
cli_check_not_run = chưa kiểm tra: các bản cập nhật cấu trúc phải khớp với chương trình này trước
cli_check_all_well = Mọi thứ đều ổn.
cli_check_found = Tìm thấy { $problems } vấn đề.
cli_check_damaged = bộ máy cơ sở dữ liệu báo hỏng: { $detail }
cli_check_broken_link = bảng { $table }, dòng { $row }: liên kết tới một dòng không tồn tại
cli_check_orphans = { $count } dòng của bảng { $table } trỏ qua cột { $column } tới một dòng của { $target } không tồn tại (dòng đầu tiên: { $missing })
cli_check_counter_missing = bảng meta thiếu bộ đếm thay đổi { $key }
cli_check_counter_out_of_range = bộ đếm thay đổi { $key } bằng { $value }, nằm ngoài khoảng từ 0 đến số phiên bản ({ $revision })
cli_check_revision_behind = số phiên bản ({ $revision }) nhỏ hơn số phiên bản lớn nhất đã ghi cùng một giá trị ({ $largest }): bộ đếm đã bị lùi lại
cli_check_changes_mismatch = thay đổi { $id } (nạp giá trị) ghi { $recorded } giá trị thay đổi, nhưng nó đã ghi { $found } giá trị
cli_check_no_schema = không có bảng migration: không phải cơ sở dữ liệu của ntm, hoặc cơ sở dữ liệu trống
cli_check_migration_pending = bản cập nhật cấu trúc { $version } ({ $name }) chưa được áp dụng: khởi động máy chủ của phiên bản này (ntm serve) sẽ áp dụng nó
cli_check_migration_failed = bản cập nhật cấu trúc { $version } ({ $name }) đã bắt đầu nhưng không hoàn tất
cli_check_migration_checksum = bản cập nhật cấu trúc { $version } ({ $name }) đã được áp dụng từ một nội dung khác với của chương trình này (một bản đã phát hành bị sửa)
cli_check_migration_newer = bản cập nhật cấu trúc { $version } ({ $name }) không có trong chương trình này: cơ sở dữ liệu mới hơn chương trình; hãy dùng chương trình đúng phiên bản của cơ sở dữ liệu
cli_check_migration_unknown = bản cập nhật cấu trúc { $version } ({ $name }) không có trong chương trình này
