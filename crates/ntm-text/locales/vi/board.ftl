# board (issue 9 point 4): who answers for what — agencies, Steering Committee members

nav_board = Trách nhiệm
board_title = Bảng theo dõi trách nhiệm
board_intro = Mỗi cơ quan chịu trách nhiệm về kết quả thực hiện tiêu chí được giao; mỗi thành viên Ban Chỉ đạo bám sát địa bàn xã phụ trách.
board_agencies = Cơ quan, ban, ngành
board_members = Thành viên Ban Chỉ đạo
board_agency_col = Cơ quan
board_leads = Chủ trì
board_cooperates = Phối hợp
board_cooperating = Cơ quan phối hợp
board_member_col = Thành viên
board_position = Chức vụ
board_communes = Xã phụ trách
board_no_agencies = Chưa có cơ quan nào (nạp danh sách cơ quan: ntm agencies import).
board_no_members = Chưa có thành viên Ban Chỉ đạo nào (nạp danh sách: ntm members import).
board_role = { $role ->
    [cooperate] phối hợp
   *[lead] chủ trì
}
board_criteria_of = Các tiêu chí được giao
board_no_criteria = Cơ quan chưa được giao tiêu chí nào.
board_failing = Đơn vị chưa đạt ({ $period })
board_all_meet = Mọi đơn vị đều đạt tiêu chí này.
board_shortfall = Chỉ tiêu chưa đạt: giá trị / ngưỡng — còn thiếu
board_no_value = chưa có số liệu
board_trend = Diễn biến qua các năm có số liệu
board_year = Năm
board_counts = { $met } đạt, { $not_met } chưa đạt, { $missing } chưa có số liệu
board_more = và { $count } đơn vị khác — xem trang tiêu chí
board_plans_due = Kế hoạch đến hạn năm { $year }
board_glance = Các xã phụ trách ({ $period })
board_criteria_met = Số tiêu chí đạt
board_standard = Đạt chuẩn theo số liệu
board_recognised = Quyết định công nhận
board_yes_standard = Đạt chuẩn
board_no_standard = Chưa đạt chuẩn
board_yes_recognised = Đã công nhận
board_no_recognised = Chưa công nhận
board_no_data = Chưa có số liệu
board_no_communes = Thành viên chưa được phân công xã phụ trách.
board_agency_of = Cơ quan: { $agency }
board_warnings = Cảnh báo sớm về các xã phụ trách: { $count }
