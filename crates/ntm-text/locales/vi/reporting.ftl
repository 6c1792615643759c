# reporting (issue 10): rounds, reports, review, timeliness, inbox

nav_reporting = Báo cáo
nav_inbox = Việc cần xử lý
reporting_title = Báo cáo định kỳ, đột xuất
reporting_help = Mỗi đợt báo cáo có thời gian chốt số liệu (theo Nghị định 09/2019/NĐ-CP, Điều 12: từ ngày 15 của tháng trước kỳ đến ngày 14 của tháng cuối kỳ) và hạn nộp theo quy định của đơn vị quản lý. Mỗi phòng, ban và mỗi xã phải báo cáo nộp một báo cáo; Văn phòng điều phối xem xét, chấp nhận hoặc trả lại kèm lý do.
reporting_round_label = { $kind ->
    [quarterly] Báo cáo quý { $quarter }/{ $year }
    [six-month] Báo cáo 6 tháng đầu năm { $year }
    [nine-month] Báo cáo 9 tháng năm { $year }
    [annual] Báo cáo năm { $year }
    [thematic] Báo cáo chuyên đề: { $subject }
   *[other] Báo cáo đột xuất: { $subject }
}
reporting_kind = { $code ->
    [quarterly] Hằng quý
    [six-month] 6 tháng
    [nine-month] 9 tháng
    [annual] Hằng năm
    [thematic] Chuyên đề
   *[other] Đột xuất
}
reporting_rounds = Các đợt báo cáo
reporting_none = Chưa có đợt báo cáo nào.
reporting_deadline = Hạn nộp
reporting_cut_off = Chốt số liệu
reporting_basis = Căn cứ
reporting_managing = Đơn vị quản lý
reporting_obliged = Đơn vị phải báo cáo
reporting_obliged_agencies = các phòng, ban chuyên môn
reporting_obliged_communes = các xã, thị trấn
reporting_counts = { $obliged } đơn vị phải báo cáo: { $on_time } đúng hạn, { $late } trễ hạn, { $missing } chưa nộp, { $pending } chưa đến hạn; { $accepted } đã chấp nhận, { $waiting } chờ duyệt, { $returned } bị trả lại
reporting_state = { $code ->
    [draft] Bản nháp
    [submitted] Đã gửi, chờ duyệt
    [returned] Bị trả lại
    [accepted] Đã chấp nhận
   *[other] Chưa lập
}
reporting_timeliness = { $code ->
    [on_time] Đúng hạn
    [late] Trễ hạn
    [missing] Chưa nộp
   *[other] Chưa đến hạn
}
reporting_days_late = trễ { $days } ngày
reporting_days_overdue = quá hạn { $days } ngày
reporting_days_left = còn { $days } ngày
reporting_reporter = Đơn vị báo cáo
reporting_state_head = Tình trạng
reporting_timeliness_head = Thời hạn
reporting_first_submitted = Gửi lần đầu
reporting_view = Xem
reporting_table_title = { $round }: tình hình nộp báo cáo
reporting_period_data = Số liệu của kỳ { $period }

reporting_open_title = Mở đợt báo cáo
reporting_open_help = Đợt định kỳ: để trống thời gian chốt số liệu và hạn nộp thì hệ thống tính theo Nghị định 09/2019/NĐ-CP và quy định thời hạn của đơn vị quản lý (ngày làm việc, trừ thứ Bảy, Chủ nhật và ngày nghỉ lễ). Đợt chuyên đề, đột xuất: nhập nội dung, thời gian chốt số liệu và hạn nộp.
reporting_field_kind = Loại báo cáo
reporting_field_year = Năm
reporting_field_quarter = Quý (báo cáo quý)
reporting_field_subject = Nội dung (chuyên đề, đột xuất)
reporting_field_unit = Mã đơn vị quản lý (để trống: huyện)
reporting_field_cut_off_from = Chốt số liệu từ ngày
reporting_field_cut_off_to = đến ngày
reporting_field_deadline = Hạn nộp (để trống: theo quy định)
reporting_field_basis = Căn cứ (để trống: của quy định)
reporting_field_obliged = Đơn vị phải báo cáo: agencies (các phòng, ban), communes (các xã) hoặc danh sách mã
reporting_open_button = Mở đợt báo cáo
reporting_opened = Đã mở đợt báo cáo.
reporting_schedules = Quy định thời hạn nộp
reporting_rule_title = Đặt quy định thời hạn, ngày nghỉ lễ
reporting_field_working_days = Số ngày làm việc sau ngày chốt số liệu
reporting_field_valid_from = Áp dụng từ ngày
reporting_field_holidays = Ngày nghỉ lễ: mỗi dòng một ngày (dd/mm/yyyy) và tên
reporting_schedule_line = { $unit }: báo cáo { $kind } nộp chậm nhất { $days } ngày làm việc sau ngày chốt số liệu
reporting_schedule_valid = áp dụng từ { $from }
reporting_holidays = Ngày nghỉ lễ (không tính là ngày làm việc): { $count }

reporting_records_title = Mức độ chấp hành chế độ báo cáo
reporting_records_help = Mỗi đơn vị qua các đợt đã đến hạn: số lần nộp đúng hạn, trễ hạn, không nộp và tổng số ngày chậm. Các đợt chưa đến hạn không được tính.
reporting_on_time_head = Đúng hạn
reporting_late_head = Trễ hạn
reporting_missing_head = Chưa nộp
reporting_days_late_head = Tổng số ngày chậm
reporting_due_head = Số đợt đã đến hạn
reporting_percent_head = Tỷ lệ đúng hạn
reporting_rounds_head = Các đợt trễ hoặc chưa nộp

reporting_report_title = { $reporter }: { $round }
reporting_results = Kết quả thực hiện
reporting_difficulties = Khó khăn, vướng mắc
reporting_tasks = Tiến độ thực hiện nhiệm vụ được giao
reporting_reasons = Tiêu chí chưa đạt tiến độ: lý do và giải pháp
reporting_reasons_help = Các dòng dưới đây lấy từ cảnh báo sớm của năm { $year } cho phạm vi của đơn vị; lý do và giải pháp đã ghi trước đó được điền sẵn.
reporting_reasons_none = Không có tiêu chí nào bị cảnh báo trong phạm vi của đơn vị.
reporting_reason = Lý do
reporting_solution = Giải pháp
reporting_unit = Đơn vị
reporting_criterion = Tiêu chí
reporting_warning_kinds = Cảnh báo
reporting_save = Lưu bản nháp
reporting_submit = Gửi báo cáo
reporting_resubmit_help = Sửa theo lý do trả lại, lưu rồi gửi lại.
reporting_accept = Chấp nhận báo cáo
reporting_return = Trả lại báo cáo
reporting_return_reason = Lý do trả lại (bắt buộc)
reporting_reopen = Mở lại báo cáo đã chấp nhận
reporting_reopen_reason = Lý do mở lại (bắt buộc)
reporting_review = Xem xét báo cáo
reporting_accept_help = Chấp nhận sẽ khoá số liệu kỳ { $period } trong phạm vi của báo cáo; muốn sửa phải mở lại báo cáo, có lý do.
reporting_returned_because = Báo cáo bị trả lại. Lý do: { $reason }
reporting_history = Quá trình xử lý
reporting_history_none = Chưa có.
reporting_when = Thời điểm
reporting_who = Người thực hiện
reporting_move = Chuyển
reporting_files_actor = (dòng lệnh, dữ liệu minh họa)
reporting_attachments = Tệp đính kèm
reporting_attach = Đính kèm tệp
reporting_attach_help = Tối đa 5 MB: PDF, Excel hoặc Word (xlsx, docx), PNG, JPEG. Tệp luôn được tải về, không mở trong trình duyệt.
reporting_no_attachments = Chưa có tệp đính kèm.
reporting_bytes = { $size } byte
reporting_snapshot = Số liệu tại thời điểm gửi (bộ tiêu chí { $set }, kỳ { $period })
reporting_snapshot_none = Chưa gửi, hoặc không có số liệu của kỳ trong phạm vi báo cáo.
reporting_element = Chỉ tiêu
reporting_value = Giá trị
reporting_value_period = Kỳ nhập
reporting_saved = Đã lưu bản nháp.
reporting_moved = { $code ->
    [submitted] Đã gửi báo cáo.
    [returned] Đã trả lại báo cáo.
    [accepted] Đã chấp nhận báo cáo; số liệu đã được khoá.
   *[other] Đã cập nhật.
}
reporting_attached = Đã đính kèm tệp.
reporting_problems = Chưa thực hiện được:
reporting_problem_unknown_kind = Không có loại báo cáo “{ $kind }”.
reporting_problem_bad_quarter = Báo cáo quý cần quý từ 1 đến 4.
reporting_problem_bad_year = “{ $text }” không phải là năm (2000–2100).
reporting_problem_unknown_unit = Không xác định được đơn vị quản lý “{ $code }”.
reporting_problem_no_schedule = Đơn vị quản lý chưa có quy định thời hạn nộp đang có hiệu lực cho loại báo cáo này: nhập hạn nộp.
reporting_problem_bad_date = “{ $text }” không phải là ngày: ghi dd/mm/yyyy, ví dụ 23/09/2024.
reporting_problem_cut_off_required = Báo cáo chuyên đề, đột xuất cần thời gian chốt số liệu (từ ngày, đến ngày).
reporting_problem_subject_required = Báo cáo chuyên đề, đột xuất cần nội dung.
reporting_problem_cut_off_reversed = Ngày cuối của thời gian chốt số liệu phải sau ngày đầu.
reporting_problem_deadline_too_early = Hạn nộp phải sau ngày chốt số liệu ít nhất 01 ngày làm việc (Nghị định 09/2019/NĐ-CP, Điều 8 khoản 5).
reporting_problem_no_reporters = Chưa có đơn vị nào phải báo cáo: ghi agencies, communes hoặc mã đơn vị.
reporting_problem_unknown_reporter = Không có phòng, ban hay đơn vị nào mã “{ $code }”.
reporting_problem_too_long = Một nội dung dài quá { $max } ký tự.
reporting_problem_reason_required = Trả lại hoặc mở lại báo cáo phải ghi lý do.
reporting_problem_own_report = Không ai được tự chấp nhận hay trả lại báo cáo của chính mình.
reporting_problem_not_from_here = Không thực hiện được với báo cáo ở tình trạng này ({ $state }); tải lại trang để xem tình trạng hiện tại.
reporting_problem_file_too_large = Tệp nặng { $size } byte, vượt quá 5 MB.
reporting_problem_file_type = Chỉ nhận tệp PDF, Excel hoặc Word (xlsx, docx), PNG, JPEG (kiểm tra theo nội dung tệp).
reporting_problem_no_file = Chưa chọn tệp.
reporting_value_locked = Giá trị này thuộc một báo cáo đã được chấp nhận (đợt số { $round }) nên đã khoá; Văn phòng điều phối phải mở lại báo cáo (có lý do) trước khi sửa.

reporting_late_today = Chậm báo cáo đến hôm nay
reporting_late_none = Không đơn vị nào đang chậm báo cáo.
reporting_late_all = Tất cả { $count } trường hợp chậm báo cáo
reporting_late_line = { $reporter }: { $round }, quá hạn { $days } ngày

inbox_title = Việc cần xử lý
inbox_help = Báo cáo bị trả lại kèm lý do, hạn nộp trong { $days } ngày tới, báo cáo chờ duyệt.
inbox_empty = Không có việc nào cần xử lý.
inbox_returned = bị trả lại, lý do: { $reason }
inbox_due_soon = hạn nộp { $deadline }, còn { $days } ngày
inbox_to_review = đã gửi, chờ Văn phòng điều phối xem xét

reporting_summary_title = Báo cáo tổng hợp — { $round }
reporting_summary_help = Tổng hợp từ { $accepted }/{ $parts } báo cáo đã được chấp nhận; phần chưa được chấp nhận được ghi rõ.
reporting_not_accepted = chưa được chấp nhận
reporting_summary_link = Báo cáo tổng hợp
reporting_filter = { $code ->
    [late] Trễ hạn
    [not_submitted] Chưa nộp
    [waiting] Chờ xem xét
    [accepted] Đã chấp nhận
    [returned] Bị trả lại
   *[other] Tất cả
}
reporting_filter_help = Trễ hạn: đã quá hạn nộp mà chưa nộp, hoặc đã nộp muộn. Xếp trước những đơn vị chưa nộp, quá hạn lâu nhất trước, rồi những đơn vị nộp muộn.
reporting_filter_none = Không có đơn vị nào ở trạng thái này.
reporting_records_filter = { $code ->
    [late] Có báo cáo trễ hạn hoặc chưa nộp
   *[other] Tất cả đơn vị
}
reporting_records_sorted = Xếp trước những đơn vị có nhiều kỳ chưa nộp nhất, rồi nhiều ngày trễ nhất.
reporting_late_more = Còn { $count } báo cáo trễ hạn khác, xem theo từng kỳ:
reporting_late_round = { $round }: { $count } báo cáo trễ hạn
