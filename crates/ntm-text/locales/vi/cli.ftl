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

# backup, restore, export --all, import --all (issue 11: sao lưu và khôi phục)
cli_backup_written = Đã ghi { $file }: { $tables } bảng, { $rows } dòng, { $bytes } byte.
cli_restored = Đã khôi phục { $file } vào { $database }: { $tables } bảng, { $rows } dòng; cơ sở dữ liệu đã qua kiểm tra toàn vẹn.
cli_exported = Đã xuất { $database } ra { $file }: { $tables } bảng, { $rows } dòng, { $bytes } byte.
cli_imported = Đã nhập { $file } vào { $database }: { $tables } bảng, { $rows } dòng, trong một giao dịch.
cli_out_exists = { $file } đã có: hãy đặt tên khác (không bao giờ ghi đè một tệp).
cli_unwritable = Không ghi được { $file }: { $detail }
cli_unreadable = Không đọc được { $file }: { $detail }
cli_pg_tool_missing = Không tìm thấy { $tool } trên PATH: hãy cài các chương trình khách của PostgreSQL (Debian: postgresql-client, cùng phiên bản chính với máy chủ hoặc mới hơn) rồi làm lại. Chưa có gì thay đổi.
cli_pg_tool_failed = { $tool } không chạy được, không giữ lại gì: { $detail }
cli_not_empty = Cơ sở dữ liệu { $database } không trống (số dòng từng bảng: { $held }): chỉ khôi phục hoặc nhập vào một cơ sở dữ liệu trống. Hãy dùng một cơ sở dữ liệu mới (tệp mới, hoặc tạo bằng createdb) hoặc kiểm tra các bảng đã nêu. Chưa có gì thay đổi.
cli_foreign_tables = Cơ sở dữ liệu { $database } có các bảng không phải của ntm ({ $tables }): chỉ khôi phục vào một cơ sở dữ liệu trống. Chưa có gì thay đổi.
cli_backup_mismatch = { $file } là bản sao lưu của cơ sở dữ liệu { $kind }: chỉ khôi phục được vào cơ sở dữ liệu { $kind }, không vào { $database }. Chưa có gì thay đổi.
cli_not_a_backup = { $file } không phải cơ sở dữ liệu SQLite, cũng không phải tệp pg_dump (định dạng custom) do ntm backup tạo. Chưa có gì thay đổi.
cli_restore_damaged = { $file }: bản khôi phục không qua kiểm tra toàn vẹn ({ $problems }); chưa được đưa vào chỗ. Chưa có gì thay đổi.
cli_wal_in_use = { $database } đang được dùng (nhật ký ghi trước { $file } còn thay đổi): hãy dừng máy chủ đang dùng nó rồi khôi phục. Chưa có gì thay đổi.
cli_nothing_written = Chưa ghi gì.
cli_archive_unreadable = { $file } không phải tệp zip đọc được (hỏng hoặc bị cắt cụt): { $detail }
cli_archive_no_manifest = { $file } không có manifest.json: không phải tệp lưu trữ do ntm export --all tạo.
cli_archive_bad_manifest = { $file }: không đọc được manifest.json: { $detail }
cli_archive_format = { $file } có định dạng lưu trữ { $found }; chương trình này đọc định dạng { $known }.
cli_archive_missing_table = { $file } thiếu bảng { $table } (trong manifest.json hoặc tệp của bảng).
cli_archive_unknown_table = { $file } nêu bảng { $table } mà chương trình này không biết, hoặc nêu hai lần.
cli_archive_schema = { $file } thuộc lược đồ { $archive }, cơ sở dữ liệu thuộc lược đồ { $database }: hãy nhập vào cơ sở dữ liệu cùng lược đồ (bằng phiên bản chương trình đã tạo nó).
cli_archive_columns = { $file }, bảng { $table }: các cột trong tệp lưu trữ ({ $archive }) khác các cột của cơ sở dữ liệu ({ $database }).
cli_archive_count = { $file }, bảng { $table }: manifest.json ghi { $manifest } dòng, tệp có { $found } dòng.
cli_archive_hash = { $file }, bảng { $table }: SHA-256 của tệp khác với manifest.json (tệp đã bị sửa hoặc hỏng).
cli_archive_row = { $file }, bảng { $table }, dòng { $line }: { $problem }
cli_archive_cell = { $file }, bảng { $table }, dòng { $line }, cột { $column }: { $problem }
cli_archive_not_json = không phải một mảng JSON các ô ({ $detail })
cli_archive_width = { $found } ô trong khi bảng có { $expected } cột
cli_archive_type = không phải giá trị kiểu { $kind }
cli_archive_too_long = dòng quá dài
cli_archive_refused = { $file }, bảng { $table }, dòng { $line }: cơ sở dữ liệu không nhận dòng này: { $detail }
