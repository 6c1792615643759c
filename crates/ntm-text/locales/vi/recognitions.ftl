# recognitions

recog_title = Quyết định công nhận đạt chuẩn
recog_help = Mỗi quyết định công nhận một đơn vị đạt chuẩn ở một mức, từ ngày quyết định cho đến khi bị thu hồi (nếu có). Đạt chuẩn theo số liệu là kết quả tính từ số liệu; được công nhận là quyết định của cấp có thẩm quyền — hai việc khác nhau.
recog_filter_level = Mức công nhận
recog_all_levels = Tất cả các mức
recog_filter = Lọc
recog_unit = Đơn vị
recog_level = Mức
recog_decision = Số quyết định
recog_decided_on = Ngày quyết định
recog_lost = Thu hồi
recog_lost_shown = thu hồi ngày { $date } ({ $decision })
recog_in_force = đang có hiệu lực
recog_none = Chưa có quyết định công nhận nào.
recog_count = { $count } quyết định
recog_add = Ghi quyết định công nhận
recog_add_help = Mã đơn vị theo danh mục (ví dụ 03413); ngày theo dạng dd/mm/yyyy. Mức phải đúng loại đơn vị: xã — NTM, nâng cao, kiểu mẫu; thôn, bản — thôn/bản NTM; huyện — huyện NTM.
recog_date_hint = dd/mm/yyyy, ví dụ 20/12/2024
recog_lose = Ghi thu hồi công nhận
recog_lose_help = Chọn quyết định bị thu hồi; ngày thu hồi không được trước ngày quyết định công nhận.
recog_lost_on = Ngày thu hồi
recog_lost_decision = Quyết định thu hồi
recog_which = Quyết định bị thu hồi
recog_import = Nạp tệp quyết định công nhận (CSV)
recog_import_help = Dán nội dung tệp CSV: dòng đầu unit_code,level,decision,decided_on (có thể thêm lost_on,lost_decision). Tất cả hoặc không: một dòng sai thì không ghi dòng nào.
recog_csv = Nội dung tệp CSV
recog_import_button = Nạp
recog_saved = Đã ghi quyết định.
recog_lost_saved = Đã ghi thu hồi.
recog_imported = Đã nạp { $count } quyết định.
recog_already_lost = quyết định này đã bị thu hồi ngày { $date }
recog_history = Lịch sử công nhận
recog_all_link = Tất cả quyết định công nhận

# Computed (on data) and decided (by decision), told apart wherever a verdict is shown.
recog_decided = Đã được công nhận (QĐ số { $decision }, ngày { $date })
recog_not_decided = chưa có quyết định công nhận
recog_badge = Đã công nhận
recog_recognised_count = Đã được công nhận (quyết định còn hiệu lực)

# Targets: the units closest to counting.
recog_closest = Gần đạt nhất
