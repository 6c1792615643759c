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
