# shell

app_name = Theo dõi nông thôn mới
skip = Bỏ qua, đến nội dung chính
nav_overview = Tổng quan
nav_matrix = Ma trận tiêu chí
nav_sets = Bộ tiêu chí
nav_audit = Nhật ký thay đổi
sign_in = Đăng nhập
sign_out = Đăng xuất
other_lang = English
demo_banner = Dữ liệu minh họa — số liệu và một số ngưỡng của trang này là minh họa, không phải số liệu thật.
set_label = Bộ tiêu chí
period_label = Kỳ
show = Xem
legal_basis = Căn cứ
met = Đạt
not_met = Chưa đạt
missing = Chưa có số liệu
status_met_short = Đ
status_not_met_short = ✗
status_missing_short = ?
unit_col = Đơn vị
level = Cấp
level_any = Cấp của bộ tiêu chí
legend = Chú giải
error_prefix = Lỗi:
code = Mã
save = Lưu
errors_title = Có lỗi — chưa lưu số liệu nào
not_found = Không tìm thấy trang hoặc dữ liệu.
forbidden = Bạn không có quyền thực hiện thao tác này.
bad_request = Yêu cầu không hợp lệ.
server_error = Lỗi hệ thống. Số liệu của bạn chưa bị thay đổi.
database_full = Ổ đĩa của cơ sở dữ liệu đã đầy: thay đổi này chưa được ghi, số liệu đã có vẫn nguyên vẹn. Hãy báo quản trị viên giải phóng dung lượng rồi làm lại.
database_unreachable = Không kết nối được với cơ sở dữ liệu (máy chủ dừng hoặc đang khởi động lại). Thay đổi đang gửi có thể chưa được ghi: hãy kiểm tra lại trước khi làm lại, hoặc báo quản trị viên.
csrf_failed = Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và gửi lại.
nav_accounts = Quản lý tài khoản
bad_query = Địa chỉ trang có tham số không hợp lệ (ví dụ số trang không phải là số). Hãy mở lại trang từ trình đơn.
bad_form = Biểu mẫu gửi lên không đọc được; chưa lưu gì. Hãy mở lại trang và gửi lại.
unknown_host = Máy chủ này không phục vụ địa chỉ đó. Hãy dùng địa chỉ do văn phòng cung cấp.
cross_site = Biểu mẫu này được gửi từ một trang khác nên đã bị từ chối. Hãy mở lại trang và gửi lại.
bad_period = Kỳ báo cáo không hợp lệ: ghi một năm (2024) hoặc một quý (2024Q3).
busy = Máy chủ đang bận lập báo cáo khác; vui lòng thử lại sau ít phút.
home = Trang chủ
signed_in_as = Tài khoản của tôi:
api = API dữ liệu (JSON)

level_name = { $code ->
    [province] tỉnh
    [district] huyện
    [commune] xã
    [village] thôn, bản
   *[other] cấp khác
}

# issue 11 (hardening): a form field longer than any stored text may be.
form_field_too_long = Trường { $field } quá dài: tối đa { $max } ký tự. Chưa lưu gì.

# issue 11 (operations): the request id on a server's error page, to quote to the administrator.
request_id = Mã yêu cầu: { $id } (hãy báo mã này cho quản trị viên).
