# consolidated: báo cáo tổng hợp của một đợt báo cáo (in khổ A4, tải về Excel).

cons_summary_line = { $met }/{ $total } đơn vị đạt chuẩn theo số liệu; { $accepted }/{ $total } đơn vị có báo cáo đã được chấp nhận.
cons_section_timeliness = I. Tình hình thực hiện chế độ báo cáo
cons_section_results = II. Kết quả thực hiện các tiêu chí (số liệu { $period })
cons_section_targets = III. Thực hiện mục tiêu
cons_section_warnings = IV. Cảnh báo sớm, lý do và giải pháp
cons_section_narrative = V. Nội dung báo cáo của các đơn vị
cons_results = Kết quả thực hiện
cons_difficulties = Khó khăn, vướng mắc
cons_tasks = Tiến độ nhiệm vụ được giao
cons_reasons = Lý do và giải pháp đối với tiêu chí chưa đạt
cons_nothing = Không đơn vị nào viết phần này.
cons_download = Tải về Excel
cons_col_report = Báo cáo của đơn vị
cons_col_progress = Tiến độ
cons_col_state = Tình trạng
cons_col_warning = Cảnh báo
cons_col_answer = Lý do, giải pháp của đơn vị
cons_col_accepted = Ghi chú
cons_col_criterion = Tiêu chí
cons_col_reason = Lý do
cons_col_solution = Giải pháp
cons_sheet_summary = Tổng hợp
cons_sheet_results = Kết quả
cons_sheet_warnings = Cảnh báo
cons_sheet_narrative = Nội dung báo cáo
