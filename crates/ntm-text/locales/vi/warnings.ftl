# warnings: cảnh báo sớm (`ntm warnings`; các trang của phần kế hoạch dùng cùng cách diễn đạt).
# Mỗi lý do là một câu dựng từ các số liệu của cảnh báo.

warnings_title = Cảnh báo sớm — bộ tiêu chí { $set }, { $period }: { $count } cảnh báo
warnings_none = Không có cảnh báo nào.
warning_kind = { $code ->
    [planned_not_met] kế hoạch chưa đạt
    [backsliding] tụt tiêu chí
    [off_pace] khó hoàn thành
    [missing_data] thiếu số liệu
   *[other] { $code }
}
# Chuẩn mà một dòng kế hoạch hay một quyết định nói tới.
warning_level = { $code ->
    [ntm] nông thôn mới
    [nang-cao] nông thôn mới nâng cao
    [kieu-mau] nông thôn mới kiểu mẫu
    [ban-ntm] bản nông thôn mới
    [huyen-ntm] huyện nông thôn mới
   *[other] { $code }
}
warning_planned_criterion = Tiêu chí { $criterion } ({ $name }) theo kế hoạch phải đạt trong năm { $year }; { $period } { $status ->
    [not_met] chưa đạt
   *[other] chưa đánh giá được vì thiếu số liệu
}.
warning_planned_standard = Theo kế hoạch đạt chuẩn { $level } trong năm { $year }; { $period } mới đạt { $met }/{ $total } tiêu chí.
warning_backsliding = Đã được công nhận đạt chuẩn { $level } (quyết định { $decision } ngày { $date }), nhưng tiêu chí { $criterion } ({ $name }) chưa đạt trong { $period }.
warning_off_pace = Chỉ tiêu { $indicator } (tiêu chí { $name }): { $value } trong { $period }, ngưỡng { $threshold }; { $trend }.
# Phần xu hướng của cảnh báo khó hoàn thành.
warning_trend_late = theo xu hướng { $years } năm ({ $slope } mỗi năm) đạt ngưỡng vào năm { $projected }, sau năm kế hoạch { $planned }
warning_trend_until = theo xu hướng { $years } năm ({ $slope } mỗi năm) không đạt ngưỡng đến năm { $until }, năm cuối có ngưỡng (kế hoạch: năm { $planned })
warning_trend_never = theo xu hướng { $years } năm ({ $slope } mỗi năm) không đạt ngưỡng trong { $horizon } năm tới (kế hoạch: năm { $planned })
warning_trend_unconfigured = chưa có ngưỡng cho các năm sau năm { $year } để dự báo theo xu hướng (kế hoạch: năm { $planned })
warning_missing_data = Chỉ tiêu { $indicator } (tiêu chí { $name }) chưa có số liệu { $period }.
# Biểu đồ dự báo của một chỉ tiêu khó hoàn thành (trang của đơn vị).
warning_chart_title = Chỉ tiêu { $indicator } ({ $name }): giá trị hằng năm, xu hướng và ngưỡng
warning_chart_values = Giá trị hằng năm
warning_chart_trend = Xu hướng (dự báo)
warning_chart_threshold = Ngưỡng từng năm
warning_chart_method = Nét liền: giá trị hằng năm. Nét đứt: đường thẳng bình phương tối thiểu qua các giá trị đó (từ 3 năm trở lên), kéo dài đến năm đạt ngưỡng, hoặc đến năm kế hoạch hay năm cuối có ngưỡng nếu không đạt. Nét chấm mảnh: ngưỡng áp dụng trong từng năm.
