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
    [set-store] lưu bộ tiêu chí
   *[other] thay đổi khác
}
event_values = { $values } giá trị
event_values_rows = { $values } giá trị ({ $rows } dòng)
event_units = { $units } đơn vị, { $links } liên kết sáp nhập
event_role = vai trò { $role }
event_password = đổi mật khẩu
event_locked = khóa tài khoản
event_unlocked = mở khóa tài khoản
event_threshold = { $old } → { $new }; căn cứ: { $citation }
event_threshold_recited = { $old } (căn cứ cũ: { $old_citation }) → { $new }; căn cứ: { $citation }
event_criterion = tiêu chí { $criterion } của bộ { $set }
event_recognition = { $level }: { $decision }, { $date }
event_unknown = (ghi nhận của phiên bản khác)
audit_next = Các thay đổi trước đó
