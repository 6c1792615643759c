# evaluation

targets = Mục tiêu
target_by = đến hết năm
achieved = Đã đạt
overdue = Quá hạn, chưa đạt
in_progress = Đang thực hiện
still_missing = Còn thiếu
units_evaluated = Đơn vị được đánh giá
standard_met = Đạt chuẩn theo số liệu
average_criteria = Bình quân tiêu chí đạt / đơn vị
most_failed = Tiêu chí chưa đạt nhiều nhất
units_not_meeting = đơn vị chưa đạt
trend = Diễn biến qua các năm
trend_standard = Số đơn vị đạt chuẩn
trend_average = Bình quân tiêu chí đạt
criteria_of = tiêu chí
matrix_title = Ma trận đơn vị × tiêu chí
met_count = Số tiêu chí đạt
sort_by = Sắp xếp
sort_code = Mã đơn vị
sort_name = Tên
sort_met = Đạt nhiều nhất
sort_least = Đạt ít nhất
filter_status = Lọc
filter_all = Tất cả
filter_standard = Đạt chuẩn
filter_not_standard = Chưa đạt chuẩn
page = Trang
previous = Trang trước
next = Trang sau
criteria_chart_title = Số đơn vị đạt, chưa đạt và chưa có số liệu theo từng tiêu chí
unit_of_measure = Đơn vị tính
region = Vùng
group = Nhóm xã
valid = Hiệu lực
merged_from = Hình thành từ
merged_into = Sáp nhập vào
not_evaluated = Bộ tiêu chí này không áp dụng cho đơn vị này (khác cấp) hoặc đơn vị không tồn tại trong kỳ.
criteria_met_of = tiêu chí đạt
meets_standard = Đạt chuẩn theo số liệu
not_meets_standard = Chưa đạt chuẩn theo số liệu
recognitions = Quyết định công nhận
no_recognition = Chưa có quyết định công nhận.
lost_on = mất chuẩn
history = Diễn biến số tiêu chí đạt
villages = Thôn, bản
village_recognised = Đã công nhận
village_not_recognised = Chưa công nhận
sub_units = Đơn vị trực thuộc
indicator = Chỉ tiêu
value = Số liệu
threshold = Ngưỡng
verdict = Kết luận
explanation = Giải thích
source = Nguồn
value_of = số liệu của
value_history = Lịch sử
enter_values = Nhập số liệu
responsible = Cơ quan phụ trách
responsible_unset = Chưa phân công cơ quan phụ trách.
distribution = Phân bố
failing_units = Đơn vị chưa đạt
all_meet = Mọi đơn vị đều đạt tiêu chí này.
and_more = … và số đơn vị chưa đạt khác:
gap = Khoảng cách
download_excel = Tải về Excel (mọi đơn vị, mọi chỉ tiêu)

lineage_kind = { $code ->
    [part] nhập một phần
    [unchanged] giữ nguyên
   *[whole] nhập toàn bộ
}
flag_name = { $code ->
    [dbkk] xã đặc biệt khó khăn
    [atk] xã an toàn khu
   *[other] { $code }
}
recognition_level = { $code ->
    [ntm] đạt chuẩn nông thôn mới
    [nang-cao] đạt chuẩn nông thôn mới nâng cao
    [kieu-mau] đạt chuẩn nông thôn mới kiểu mẫu
    [ban-ntm] bản đạt chuẩn nông thôn mới
    [huyen-ntm] huyện đạt chuẩn nông thôn mới
   *[other] { $code }
}
shortfall_criteria_met = { $unit }: đạt { $met }/{ $total } tiêu chí
shortfall_not_evaluated = { $unit }: không có trong đánh giá
shortfall_villages = { $unit }: còn { $count } bản
shortfall_not_recognised = { $unit }: chưa có quyết định công nhận
gap_short = còn thiếu { $amount }
gap_over = cao hơn mức tối đa { $amount }
lost_by = theo

# The first screen, targets on their own terms, honest periods (issue 8)
no_data_for = Không có số liệu cho { $period }.
no_data_hint = Hãy chọn ở trên một kỳ có số liệu.
period_no_data = { $period } (không có số liệu)
mostly_missing = { $percent }% số kết luận chỉ tiêu của kỳ này chưa có số liệu: các con số ở đây chưa đầy đủ.
attention = Cần chú ý
furthest_units = Đơn vị còn xa chuẩn nhất
furthest_unit = { $unit }: đạt { $met }/{ $total } tiêu chí
targets_off_track = Mục tiêu chưa đạt
my_criteria = Tiêu chí cơ quan bạn phụ trách
criterion_counts = { $met } đạt · { $not_met } chưa đạt · { $missing } chưa có số liệu
target_state = { $code ->
    [awaiting_data] Chờ số liệu cuối kỳ
    [achieved] Đã đạt
    [reached] Đã đạt, trước hạn
    [missed] Không đạt
    [no_data] Không có số liệu để đánh giá
   *[in_progress] Đang thực hiện
}
target_final_data = Kết quả cuối cùng, theo số liệu { $period }.
target_latest_data = Theo số liệu mới nhất: { $period }.
target_awaiting_data = Năm { $year } chưa có số liệu; theo số liệu mới nhất đến hạn: { $period }.
target_final_decisions = Kết quả cuối cùng: các quyết định công nhận còn hiệu lực ngày { $date }.
target_decisions = Theo các quyết định công nhận còn hiệu lực ngày { $date }.
target_no_data_final = Năm { $year } không có số liệu: không đánh giá được.
target_no_data_yet = Chưa có số liệu nào để đánh giá.
still_missing_villages = Còn thiếu { $count } bản
still_missing_communes = Còn thiếu { $count } xã
still_missing_districts = Còn thiếu { $count } huyện
still_missing_units = Còn thiếu { $count } đơn vị
kind_plural = { $code ->
    [xa] xã
    [phuong] phường
    [thi-tran] thị trấn
    [dac-khu] đặc khu
   *[other] { $code }
}
kind_one = { $code ->
    [xa] xã
    [phuong] phường
    [thi-tran] thị trấn
    [dac-khu] đặc khu
   *[other] { $code }
}
not_judged = Bộ tiêu chí này đánh giá { $kinds }; không áp dụng cho { $kind }.
rollup_title = Các đơn vị trực thuộc được đánh giá
rollup_units = { $count } đơn vị theo bộ tiêu chí này
trend_quarters = Diễn biến qua các quý
# How sure the thresholds are, said once per page; marks only for the exceptions.
unverified_notice_most = Phần lớn ngưỡng và chỉ tiêu của bộ tiêu chí này ({ $unverified }/{ $total }) chưa được kiểm chứng với văn bản gốc, nên các kết luận dựa trên chúng cũng vậy. Bên cạnh mỗi kết luận, căn cứ ngắn chỉ ghi mức kiểm chứng khi ngưỡng đã kiểm chứng (toàn bộ hoặc một phần) hoặc là ngưỡng minh họa.
unverified_notice_some = Một số ngưỡng và chỉ tiêu của bộ tiêu chí này ({ $unverified }/{ $total }) chưa được kiểm chứng với văn bản gốc, nên các kết luận dựa trên chúng cũng vậy. Bên cạnh mỗi kết luận, căn cứ ngắn chỉ ghi mức kiểm chứng khi ngưỡng đã kiểm chứng (toàn bộ hoặc một phần) hoặc là ngưỡng minh họa.
illustrative_legend = ngưỡng minh họa, không phải ngưỡng của văn bản pháp lý
criteria_key = Tên tiêu chí
history_numerator = Lịch sử tử số
history_denominator = Lịch sử mẫu số
axis_units = đơn vị
axis_criteria = tiêu chí
axis_criteria_per_unit = tiêu chí/đơn vị
threshold_line = ngưỡng { $threshold }
no_value_for = Chưa có số liệu
printed_on = In ngày { $date }
print_demo = Dữ liệu minh họa, không phải số liệu thật
signed_at = ……, ngày { $day } tháng { $month } năm { $year }
prepared_by = Người lập biểu
head_of_unit = Thủ trưởng đơn vị
sign_name = (Ký, ghi rõ họ tên)
sign_seal = (Ký, đóng dấu, ghi rõ họ tên)

# Targets' new kinds: average criteria, one indicator (issue 9)
shortfall_indicator_value = { $unit }: { $value } (còn cách mục tiêu { $gap })
shortfall_no_value = { $unit }: chưa có số liệu
still_missing_criteria = Còn thiếu { $count } lượt tiêu chí để đạt bình quân
target_average_now = Bình quân hiện nay: { $average } tiêu chí/đơn vị; mục tiêu: { $goal }.
target_indicator_goal = Chỉ tiêu { $indicator }: { $direction ->
    [max] không quá
   *[min] ít nhất
} { $goal } ở từng đơn vị.
