# reasons

reasons_title = Lý do chưa đạt và giải pháp
reasons_help = Đơn vị chịu trách nhiệm nêu rõ lý do chưa đạt và giải pháp khắc phục cho từng cảnh báo và từng tiêu chí đã đăng ký trong năm mà chưa đạt. Lưu lại sẽ thay nội dung cũ; mọi thay đổi được ghi vào nhật ký.
reasons_write = Ghi lý do, giải pháp
reasons_form_title = Lý do, giải pháp — { $unit }
reasons_reason = Lý do chưa đạt
reasons_solution = Giải pháp
reasons_limit = tối đa { $max } ký tự
reasons_unit = Đơn vị
reasons_criterion = Tiêu chí
reasons_whole = Toàn bộ tiêu chí
reasons_kinds = Cảnh báo hiện tại
reasons_who = Người ghi
reasons_when = Thời điểm
reasons_none = Chưa có lý do nào được ghi cho kỳ này.
reasons_saved = Đã lưu lý do và giải pháp.
reasons_answers = Cảnh báo được trả lời
reasons_no_warning = Hiện không có cảnh báo nào cho tiêu chí này trong kỳ.
reasons_given = Lý do: { $reason }
reasons_period = Kỳ
