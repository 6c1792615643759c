# entry

saved_n = Đã lưu số liệu thay đổi:
nothing_changed = Không có số liệu nào thay đổi.
entry_title = Nhập số liệu
entry_help = Tỷ lệ nhập tử số và mẫu số (ví dụ 72 và 100), hoặc chỉ nhập tỷ lệ phần trăm. Dấu phẩy là dấu thập phân (72,5); không dùng dấu phân cách hàng nghìn. Để trống nếu chưa có số liệu.
numerator = Tử số
denominator = Mẫu số
no_value = Chưa có số liệu
read_only = Chỉ xem (không thuộc quyền nhập của bạn)
conflict_title = Số liệu đã được người khác thay đổi — chưa lưu gì
conflict_help = Xem giá trị hiện tại bên dưới. Nếu vẫn muốn ghi đè, bấm Lưu lần nữa.
their_value = giá trị hiện tại
by = bởi
last_change = Thay đổi lần cuối
history_title = Lịch sử số liệu
when = Thời điểm
who = Người thay đổi
old_value = Giá trị cũ
new_value = Giá trị mới
change = Thay đổi
no_history = Chưa có thay đổi nào.
back_to_unit = Quay lại trang đơn vị
session_expired_kept = Phiên đăng nhập đã hết hạn hoặc bạn đã đăng xuất. Hãy đăng nhập lại: số liệu vừa nhập được giữ lại (chưa lưu) để bạn kiểm tra rồi lưu.
form_expired_kept = Chưa lưu: biểu mẫu đã hết hạn hoặc không hợp lệ (có thể bạn đã đăng nhập lại ở cửa sổ khác). Số liệu vừa nhập vẫn còn dưới đây; kiểm tra rồi bấm Lưu.
signed_in_kept = Đã đăng nhập. Số liệu vừa nhập vẫn còn dưới đây nhưng chưa lưu; kiểm tra rồi bấm Lưu.

answer_yes = { $kind ->
    [has] Có
   *[meets] Đạt
}
answer_no = { $kind ->
    [has] Không
   *[meets] Không đạt
}

# One criterion at a time, progress, the previous period, thresholds
criterion_n = Tiêu chí { $id }
progress_title = Tiến độ: { $complete }/{ $total } tiêu chí đủ số liệu
progress_help = Chọn một tiêu chí để nhập và lưu riêng: trang nhẹ, hợp với điện thoại và mạng chậm.
progress_legend = ✓: đủ số liệu; 1/3: số chỉ tiêu có số liệu / tổng số.
progress_complete = đủ số liệu ({ $filled }/{ $total })
progress_missing = còn thiếu { $missing } chỉ tiêu ({ $filled }/{ $total })
all_criteria = Tất cả tiêu chí
previous_criterion = ← Tiêu chí { $id }
next_criterion = Tiêu chí { $id } →
previous_value = Kỳ trước ({ $period }): { $value }
previous_none = Kỳ trước ({ $period }): chưa có số liệu
requirement_threshold = Mức đạt: { $threshold }
requirement_illustrative = Mức đạt: { $threshold } (ngưỡng minh họa)
requirement_answer = Cần: { $answer }
requirement_missing = Chưa có ngưỡng áp dụng cho đơn vị này
derived_rule = { $kind ->
    [percent] Nhập tỷ lệ trực tiếp, hoặc để trống để tính từ hai số liệu gốc bên dưới. Nếu có cả hai, tỷ lệ nhập trực tiếp được dùng và hai cách phải khớp nhau.
   *[other] Nhập trực tiếp, hoặc để trống để tính từ hai số liệu gốc bên dưới. Nếu có cả hai, số nhập trực tiếp được dùng và hai cách phải khớp nhau.
}
derived_rule_all = Với chỉ tiêu có số liệu gốc (các ô lùi vào bên dưới nó): nhập trực tiếp, hoặc để trống để tính từ số liệu gốc; nếu có cả hai, số nhập trực tiếp được dùng và hai cách phải khớp nhau. Trang riêng của từng tiêu chí ghi thêm số liệu kỳ trước và mức đạt bên cạnh mỗi ô.
uses_typed = { $kind ->
    [percent] Đang dùng: tỷ lệ nhập trực tiếp.
   *[other] Đang dùng: số nhập trực tiếp.
}
uses_computed = Đang dùng: { $kind ->
    [percent] tỷ lệ
   *[other] số
} tính từ số liệu gốc, { $computed }.
copy_previous = Chép số liệu { $period } vào các ô còn trống
copied_n = Đã chép { $count } số liệu của { $period } vào các ô còn trống — chưa lưu. Kiểm tra rồi bấm Lưu.
copied_none = Chưa chép gì: { $period } không có số liệu nào cho các ô còn trống.

# A field's problem, by the form's own rules
issue_unreadable_number = không đọc được "{ $text }": cần một số, dấu phẩy là dấu thập phân (ví dụ 72,5)
issue_unreadable_percent = không đọc được "{ $text }": cần một tỷ lệ phần trăm, dấu phẩy là dấu thập phân (ví dụ 72,5)
issue_ambiguous = "{ $text }" dễ nhầm: viết số không có dấu phân cách hàng nghìn, dấu thập phân là dấu phẩy (ví dụ 4512 hoặc 4,512)
issue_too_large = số quá lớn hoặc quá nhiều chữ số thập phân (tối đa 9)
issue_negative = giá trị âm
issue_percent_over_100 = tỷ lệ phần trăm lớn hơn 100
issue_numerator_over_denominator = tử số lớn hơn mẫu số (tỷ lệ trên 100%)
issue_zero_denominator = mẫu số bằng 0
issue_fraction_not_whole = tử số và mẫu số phải là số nguyên
issue_count_not_whole = số đếm (hộ, người) nhận số nguyên
issue_numerator_missing = thiếu tử số
issue_expected_answer = { $kind ->
    [has] chọn Có hoặc Không
   *[meets] chọn Đạt hoặc Không đạt
}
issue_expected_number = chỉ tiêu này nhận một số
issue_expected_plain_number = số liệu gốc nhận một số, không phải tỷ lệ (ví dụ 23 hoặc 4,5)
issue_disagrees = { $kind ->
    [percent] tỷ lệ nhập trực tiếp
   *[other] số nhập trực tiếp
} ({ $typed }) khác với { $kind ->
    [percent] tỷ lệ
   *[other] số
} tính từ số liệu gốc ({ $computed }): chỉ giữ một trong hai cách (xóa ô nhập trực tiếp hoặc xóa số liệu gốc), hoặc sửa cho khớp
