# thresholds

sets_title = Các bộ tiêu chí
criteria_count = Số tiêu chí
indicator_count = Số chỉ tiêu
thresholds_verified = Ngưỡng (đã kiểm chứng)
key = Áp dụng cho
year = Năm
confidence = Mức kiểm chứng
no_threshold = Chưa có ngưỡng trong dữ liệu tham chiếu — chỉ tiêu sẽ ở trạng thái chưa có số liệu, không suy đoán.
layers = Lớp ngưỡng (điều chỉnh của tỉnh, hiệu chỉnh, minh họa)
add_threshold = Thêm hoặc hiệu chỉnh ngưỡng
add_threshold_help = Ngưỡng mới được áp dụng ngay cho mọi kết luận, ghi vào nhật ký, và phải có căn cứ pháp lý.
citation = Căn cứ (số, ngày văn bản, điều khoản)
scope_code = Phạm vi (mã tỉnh; để trống = toàn quốc)

indicator_kind = { $code ->
    [boolean] đạt / không đạt
    [max] tối đa
   *[min] tối thiểu
}
confidence_name = { $code ->
    [verified] đã kiểm chứng
    [partial] kiểm chứng một phần
    [illustrative] ngưỡng minh họa, không phải văn bản pháp lý
   *[unverified] chưa kiểm chứng
}
layer_kind = { $code ->
    [illustrative] ngưỡng minh họa
   *[override] điều chỉnh có căn cứ
}
key_all = áp dụng chung
key_group = nhóm { $group }
threshold_unknown_indicator = Chỉ tiêu { $id } không có trong bộ tiêu chí
threshold_bad_year = Năm không hợp lệ (ví dụ 2025)
threshold_citation_required = Cần ghi căn cứ pháp lý
threshold_citation_too_long = Căn cứ pháp lý quá dài: tối đa { $max } ký tự (số văn bản, điều khoản, trang)
threshold_not_a_province = { $code } không phải là mã tỉnh: ngưỡng riêng chỉ đặt cho một tỉnh
threshold_too_many_layers = Bộ tiêu chí đã có quá nhiều lớp ngưỡng; hãy sửa trong một lớp đã có

citation_decision = QĐ { $number }
citation_annex = Phụ lục { $annex }
citation_of_layer = theo { $citation }
sources = Nguồn
sources_title = Nguồn và căn cứ
sources_of = Nguồn và căn cứ của bộ tiêu chí
sources_help = Mỗi kết luận chỉ ghi căn cứ ngắn (quyết định, phụ lục, mức kiểm chứng); quá trình tra cứu đằng sau từng ngưỡng được ghi ở đây. Mã S1, S2… là danh mục nguồn của nhóm nghiên cứu.
sources_link = Nguồn của từng ngưỡng
note = Ghi chú
key_rules = Quy tắc áp dụng cột ngưỡng
whole_set = Cả bộ tiêu chí
scope_all = mọi đơn vị
layers_apply = Ngưỡng của các lớp (minh họa, điều chỉnh của tỉnh) được ghi cùng ngưỡng quốc gia của từng chỉ tiêu: trong phạm vi của lớp, kết luận dùng ngưỡng của lớp thay cho ngưỡng quốc gia.
