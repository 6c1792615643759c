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
roadmap_grid_title = Lộ trình các đơn vị — năm { $year }
roadmap_grid_year = Năm
roadmap_grid_show = Xem
roadmap_grid_legend = Mỗi ô: năm dự kiến đạt tiêu chí (in đậm khi là năm { $year }; · khi chưa có kế hoạch), rồi kết quả năm { $year }: ✓ đạt, ✗ chưa đạt, ? thiếu số liệu; không có dấu: chưa đánh giá. Bấm vào tên đơn vị để mở lộ trình của đơn vị.
roadmap_grid_planned = dự kiến đạt năm { $year }
roadmap_grid_unplanned = chưa có kế hoạch
roadmap_grid_not_evaluated = chưa đánh giá
roadmap_grid_link = Lộ trình của các đơn vị theo từng tiêu chí
# Lộ trình của một đơn vị: tiêu chí × năm.
roadmap_years_title = Kế hoạch và kết quả theo năm
roadmap_years_legend = Mỗi ô: kết quả của năm đó (✓ đạt, ✗ chưa đạt, ? thiếu số liệu, · chưa đánh giá); KH: năm dự kiến đạt theo lộ trình.
roadmap_years_plan_mark = KH
roadmap_rows_title = Các dòng kế hoạch
# Nạp lộ trình trên trang (văn phòng điều phối), như lệnh ntm plans import.
roadmap_import = Nạp lộ trình từ tệp CSV
roadmap_import_help = Dán nội dung tệp CSV: dòng đầu unit_code,criterion,planned_year (có thể thêm level,responsible,contents,estimate). Tệp thay thế toàn bộ lộ trình của bộ tiêu chí này. Tất cả hoặc không: một dòng sai thì không ghi dòng nào.
roadmap_csv = Nội dung tệp CSV
roadmap_import_button = Nạp lộ trình
roadmap_imported = Đã nạp { $count } dòng kế hoạch.
roadmap_import_refused = Không nạp: { $count } lỗi, chưa ghi dòng nào
