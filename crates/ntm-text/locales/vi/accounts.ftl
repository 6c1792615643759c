# accounts

username = Tên đăng nhập
password = Mật khẩu
login_failed = Sai tên đăng nhập hoặc mật khẩu.
login_limited = Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.
login_required = Cần đăng nhập để xem trang này.
accounts_title = Tài khoản người dùng
accounts_help = Đặt mật khẩu mới hoặc khóa một tài khoản sẽ kết thúc mọi phiên đăng nhập của người đó. Mọi thay đổi được ghi vào nhật ký.
role_admin = Quản trị hệ thống
role_office = Văn phòng điều phối
role_agency = Cơ quan chuyên môn
role_commune = Cán bộ xã
role_viewer = Chỉ xem
role = Vai trò
display_name = Họ tên hoặc tên đơn vị
commune_or_agency = Xã / cơ quan
account_status = Trạng thái
account_active = Đang dùng
account_locked_state = Đã khóa
account_blocked_state = Bị chặn đăng nhập do nhập sai nhiều lần
new_password = Mật khẩu mới
set_password = Đặt
lock_column = Khóa / mở khóa
lock = Khóa
unlock = Mở khóa
you = bạn
until = đến
add_account = Thêm tài khoản
username_hint = 3–32 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới; ví dụ: canbo.sonbinh
commune_for_officer = Xã (cho cán bộ xã)
commune_hint = Chỉ dùng khi vai trò là Cán bộ xã: người đó nhập được số liệu của xã mình và các thôn của xã.
agency_for_officer = Cơ quan (cho cán bộ cơ quan chuyên môn)
agency_hint = Chỉ dùng khi vai trò là Cơ quan chuyên môn: người đó nhập được các tiêu chí cơ quan phụ trách.
account_lang = Ngôn ngữ
first_password = Mật khẩu ban đầu
password_hint = Ít nhất 8 ký tự. Hãy trao tận tay, không gửi qua thư điện tử.
account_added = Đã thêm tài khoản
account_password_set = Đã đặt mật khẩu mới, các phiên đăng nhập cũ đã kết thúc:
account_locked = Đã khóa tài khoản
account_unlocked = Đã mở khóa tài khoản
my_account = Tài khoản của tôi
change_password = Đổi mật khẩu
change_password_help = Đổi mật khẩu sẽ kết thúc mọi phiên đăng nhập khác của bạn (trên máy khác hoặc trình duyệt khác).
current_password = Mật khẩu hiện tại
confirm_password = Nhập lại mật khẩu mới
password_changed = Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.
wrong_current_password = Mật khẩu hiện tại không đúng
new_password_short = Mật khẩu mới quá ngắn (ít nhất 8 ký tự)
passwords_differ = Hai lần nhập mật khẩu mới không giống nhau
password_hint_own = Ít nhất 8 ký tự; nên dài và dễ nhớ với bạn, ví dụ một câu ngắn.

user_bad_username = Tên đăng nhập gồm 3 đến 32 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới
user_no_display_name = Cần ghi họ tên hoặc tên đơn vị (tối đa 100 ký tự)
user_role = Vai trò phải là một trong: admin, office, agency, commune, viewer
user_needs_unit = Cán bộ xã phải gắn với xã của mình
user_unknown_unit = Không có đơn vị mã { $code }
user_not_a_commune = Đơn vị mã { $code } không phải là xã
user_needs_agency = Cán bộ cơ quan chuyên môn phải gắn với cơ quan của mình
user_unknown_agency = Không có cơ quan mã { $code }
user_taken = Tên đăng nhập này đã có người dùng
user_short_password = Mật khẩu quá ngắn (ít nhất 8 ký tự)
user_unknown_user = Không có tài khoản { $name }
user_yourself = Không thể tự khóa tài khoản của mình

# The demo's accounts on its sign-in page (issue 8)
demo_accounts = Tài khoản dùng thử
demo_accounts_help = Mọi tài khoản dùng thử có chung mật khẩu { $password } (công khai: đây là bản dùng thử với dữ liệu minh họa).
demo_can = Được làm gì
demo_for = Phụ trách
role_can = { $code ->
    [admin] Mọi việc: tài khoản, ngưỡng, số liệu của mọi đơn vị
    [office] Số liệu của mọi đơn vị và tiêu chí, nhập tệp, nhật ký thay đổi
    [agency] Số liệu các tiêu chí cơ quan phụ trách, ở mọi đơn vị
    [commune] Số liệu của xã mình và các thôn, bản của xã
   *[viewer] Chỉ xem
}
