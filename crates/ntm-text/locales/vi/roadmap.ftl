# roadmap: the roadmap (lộ trình) and the early warnings on pages

warnings_early = Cảnh báo sớm
warnings_see_all = Xem tất cả { $count } cảnh báo
roadmap_title = lộ trình
roadmap_of = Lộ trình — { $unit }
roadmap_export = Tải lộ trình (CSV)
roadmap_empty = Chưa có kế hoạch nào cho đơn vị này.
roadmap_item = Tiêu chí
roadmap_planned_year = Năm kế hoạch
roadmap_actual = Thực tế ({ $period })
roadmap_contents = Nội dung thực hiện
roadmap_responsible = Phụ trách
roadmap_responsible_code = Mã cơ quan hoặc đơn vị phụ trách
roadmap_estimate = Kinh phí dự kiến (đồng)
roadmap_change = Sửa
roadmap_edit = Sửa dòng này
roadmap_save = Lưu
roadmap_delete = Xóa dòng này
roadmap_add = Thêm kế hoạch
roadmap_whole = Toàn bộ tiêu chí (đạt chuẩn)
roadmap_standard = Cả bộ tiêu chí — { $level }
roadmap_history = Lịch sử thay đổi lộ trình
roadmap_no_history = Chưa có thay đổi nào.
