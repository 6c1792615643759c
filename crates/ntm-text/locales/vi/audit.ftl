# audit

audit_title = Nhật ký thay đổi
action = Thao tác
subject = Đối tượng
detail = Chi tiết

# The action code with "-" for "." (values.save → values-save): Fluent keys have no dot.
audit_action = { $code ->
    [values-save] nhập số liệu
    [values-import] nạp tệp số liệu
    [units-import] nạp danh sách đơn vị
    [threshold-set] hiệu chỉnh ngưỡng
    [user-add] thêm tài khoản
    [user-passwd] đặt mật khẩu
    [user-lock] khóa tài khoản
    [user-unlock] mở khóa tài khoản
    [agency-add] thêm cơ quan
    [agency-assign] giao tiêu chí cho cơ quan
    [target-add] thêm mục tiêu
    [recognition-add] ghi quyết định công nhận
    [recognition-lose] ghi thu hồi công nhận
    [threshold-store-set] lưu bộ tiêu chí
    [plan-import] nạp tệp lộ trình
    [plan-save] lưu kế hoạch lộ trình
    [plan-delete] xóa kế hoạch lộ trình
    [member-import] nạp danh sách thành viên Ban Chỉ đạo
    [reason-save] ghi lý do, giải pháp
    [round-schedule] quy định thời hạn báo cáo
    [round-holidays] danh sách ngày nghỉ lễ
    [round-open] mở đợt báo cáo
    [report-save] lưu bản nháp báo cáo
    [report-submit] gửi báo cáo
    [report-return] trả lại báo cáo
    [report-accept] chấp nhận báo cáo
    [report-reopen] mở lại báo cáo
    [report-attach] đính kèm tệp vào báo cáo
   *[other] thay đổi khác
}
event_values = { $values } giá trị
event_values_rows = { $values } giá trị ({ $rows } dòng)
event_units = { $units } đơn vị, { $links } liên kết sáp nhập
event_members = { $members } thành viên
event_role = vai trò { $role }
event_password = đổi mật khẩu
event_locked = khóa tài khoản
event_unlocked = mở khóa tài khoản
event_threshold = { $old } → { $new }; căn cứ: { $citation }
event_threshold_recited = { $old } (căn cứ cũ: { $old_citation }) → { $new }; căn cứ: { $citation }
event_recognition = { $level }: { $decision }, { $date }
event_recognition_lost = { $level }: { $decision } bị thu hồi ngày { $date } (quyết định { $lost_decision })
event_unknown = (ghi nhận của phiên bản khác)
audit_next = Các thay đổi trước đó
audit_newest = Về các thay đổi mới nhất

# What a change is about.
audit_file = tệp { $file }
audit_indicator = chỉ tiêu { $id } { $name }
audit_criterion = tiêu chí { $id } { $name }
audit_threshold_year = năm { $year }
audit_more_values = và { $count } giá trị khác
audit_command_line = Dòng lệnh (không qua tài khoản)
audit_by_command_line = Dòng lệnh

# The filters.
audit_filters = Lọc nhật ký
audit_unit = Đơn vị (gồm cả các đơn vị trực thuộc)
audit_who = Người thay đổi
audit_area = Loại thay đổi
audit_from = Từ ngày
audit_to = Đến ngày
audit_date_hint = dd/mm/yyyy, ví dụ 25/11/2024
audit_any = Tất cả
audit_filter = Lọc
audit_clear = Bỏ lọc
audit_area_name = { $code ->
    [values] Số liệu
    [thresholds] Ngưỡng
    [accounts] Tài khoản
    [org] Cơ quan phụ trách
    [plans] Mục tiêu, kế hoạch
    [recognitions] Quyết định công nhận
    [units] Danh sách đơn vị
    [roadmap] Lộ trình
    [members] Thành viên Ban Chỉ đạo
    [reasons] Lý do, giải pháp
    [rounds] Đợt báo cáo
    [reports] Báo cáo
   *[other] Loại khác
}
audit_none = Không có thay đổi nào khớp bộ lọc.
audit_empty = Chưa có thay đổi nào.
audit_problems = Bộ lọc có lỗi — nhật ký dưới đây chưa lọc theo ô bị lỗi
audit_unknown_unit = Không có đơn vị nào mã { $code }.
audit_unknown_person = Không có tài khoản nào tên { $name }.
audit_unknown_area = Không có loại thay đổi { $code }.
audit_bad_date = “{ $text }” không phải là một ngày: ghi theo dạng dd/mm/yyyy, ví dụ 25/11/2024.
audit_from_after_to = Đến ngày phải bằng hoặc sau từ ngày.
audit_numerator = { $id } (tử số)
audit_denominator = { $id } (mẫu số)

# The roadmap's events.
event_plans = { $plans } dòng lộ trình
event_plan_saved = năm kế hoạch { $old_year } → { $new_year }; phụ trách { $old_responsible } → { $new_responsible }; kinh phí (đồng) { $old_estimate } → { $new_estimate }
event_plan_deleted = đã xóa kế hoạch năm { $year }
audit_plan_standard = toàn bộ tiêu chí ({ $level })

# Reasons and solutions.
event_reason_saved = lý do “{ $old_reason }” → “{ $new_reason }”; giải pháp “{ $old_solution }” → “{ $new_solution }”

# The reporting cycle's events (issue 10).
event_schedule = { $days } ngày làm việc sau ngày chốt số liệu; căn cứ: { $basis }
event_holidays = { $days } ngày nghỉ lễ
event_round = đợt số { $round }, { $period }, hạn nộp { $deadline }
event_report = đợt số { $round }, { $reporter }
event_report_reason = đợt số { $round }, { $reporter }; lý do: { $reason }
event_report_locks = đợt số { $round }, { $reporter }; khoá { $locks } phạm vi số liệu
event_attachment = đợt số { $round }, { $reporter }: { $name } ({ $size } byte)
