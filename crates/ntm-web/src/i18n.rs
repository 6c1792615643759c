//! Every text of the pages, in Vietnamese and English. A message is a method of [`T`]; the
//! compiler refuses a message without both languages, so neither can be incomplete.

use ntm_domain::Lang;

/// The translator of one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct T {
    pub lang: Lang,
}

macro_rules! messages {
    ($($name:ident => $vi:literal, $en:literal;)*) => {
        impl T {
            $(
                pub fn $name(&self) -> &'static str {
                    match self.lang {
                        Lang::Vi => $vi,
                        Lang::En => $en,
                    }
                }
            )*
        }

        /// Every message in both languages, for the completeness test.
        pub const ALL: &[(&str, &str, &str)] = &[$((stringify!($name), $vi, $en),)*];
    };
}

messages! {
    app_name => "Theo dõi nông thôn mới", "New rural development tracker";
    skip => "Bỏ qua, đến nội dung chính", "Skip to main content";
    nav_overview => "Tổng quan", "Overview";
    nav_matrix => "Ma trận tiêu chí", "Criteria matrix";
    nav_sets => "Bộ tiêu chí", "Criteria sets";
    nav_audit => "Nhật ký thay đổi", "Change log";
    sign_in => "Đăng nhập", "Sign in";
    sign_out => "Đăng xuất", "Sign out";
    other_lang => "English", "Tiếng Việt";
    demo_banner => "Dữ liệu minh họa — số liệu và một số ngưỡng của trang này là minh họa, không phải số liệu thật.", "Illustrative data — the figures and some thresholds on this page are illustrative, not real.";
    set_label => "Bộ tiêu chí", "Criteria set";
    period_label => "Kỳ", "Period";
    show => "Xem", "Show";
    legal_basis => "Căn cứ", "Legal basis";
    met => "Đạt", "Met";
    not_met => "Chưa đạt", "Not met";
    missing => "Chưa có số liệu", "Missing";
    status_met_short => "Đ", "M";
    status_not_met_short => "✗", "✗";
    status_missing_short => "?", "?";
    targets => "Mục tiêu", "Targets";
    target_by => "đến hết năm", "by the end of";
    achieved => "Đã đạt", "Achieved";
    overdue => "Quá hạn, chưa đạt", "Overdue, not achieved";
    in_progress => "Đang thực hiện", "In progress";
    still_missing => "Còn thiếu", "Still missing";
    units_evaluated => "Đơn vị được đánh giá", "Units evaluated";
    standard_met => "Đạt chuẩn", "Meets the standard";
    average_criteria => "Bình quân tiêu chí đạt / đơn vị", "Average criteria met per unit";
    most_failed => "Tiêu chí chưa đạt nhiều nhất", "Criteria most often not met";
    units_not_meeting => "đơn vị chưa đạt", "units not meeting it";
    trend => "Diễn biến qua các năm", "Trend over the years";
    trend_standard => "Số đơn vị đạt chuẩn", "Units meeting the standard";
    trend_average => "Bình quân tiêu chí đạt", "Average criteria met";
    criteria_of => "tiêu chí", "criterion";
    unverified_note => "ngưỡng trong bộ tiêu chí này chưa được kiểm chứng với văn bản gốc; các kết luận dựa trên chúng được đánh dấu *.", "thresholds of this set are not verified against the official text; verdicts that rest on them are marked *.";
    matrix_title => "Ma trận đơn vị × tiêu chí", "Units × criteria matrix";
    unit_col => "Đơn vị", "Unit";
    met_count => "Số tiêu chí đạt", "Criteria met";
    sort_by => "Sắp xếp", "Sort by";
    sort_code => "Mã đơn vị", "Unit code";
    sort_name => "Tên", "Name";
    sort_met => "Đạt nhiều nhất", "Most criteria met";
    sort_least => "Đạt ít nhất", "Fewest criteria met";
    filter_status => "Lọc", "Filter";
    filter_all => "Tất cả", "All";
    filter_standard => "Đạt chuẩn", "Meeting the standard";
    filter_not_standard => "Chưa đạt chuẩn", "Not meeting the standard";
    level => "Cấp", "Level";
    level_any => "Cấp của bộ tiêu chí", "The set's level";
    page => "Trang", "Page";
    previous => "Trang trước", "Previous page";
    next => "Trang sau", "Next page";
    legend => "Chú giải", "Legend";
    criteria_chart_title => "Số đơn vị đạt, chưa đạt và chưa có số liệu theo từng tiêu chí", "Units meeting, not meeting and without data, by criterion";
    error_prefix => "Lỗi:", "Error:";
    unit_of_measure => "Đơn vị tính", "Unit of measure";
    unverified_legend => "kết luận dựa trên ngưỡng hoặc chỉ tiêu chưa kiểm chứng với văn bản gốc", "the verdict rests on a threshold or indicator not verified against the official text";
    code => "Mã", "Code";
    region => "Vùng", "Region";
    group => "Nhóm xã", "Commune group";
    valid => "Hiệu lực", "In force";
    merged_from => "Hình thành từ", "Formed from";
    merged_into => "Sáp nhập vào", "Merged into";
    not_evaluated => "Bộ tiêu chí này không áp dụng cho đơn vị này (khác cấp) hoặc đơn vị không tồn tại trong kỳ.", "This set does not apply to this unit (another level), or the unit did not exist in the period.";
    criteria_met_of => "tiêu chí đạt", "criteria met";
    meets_standard => "ĐẠT CHUẨN", "MEETS THE STANDARD";
    not_meets_standard => "Chưa đạt chuẩn", "Does not meet the standard";
    recognitions => "Quyết định công nhận", "Recognition decisions";
    no_recognition => "Chưa có quyết định công nhận.", "No recognition decision.";
    lost_on => "mất chuẩn", "lost";
    history => "Diễn biến số tiêu chí đạt", "Criteria met over time";
    villages => "Thôn, bản", "Villages";
    village_recognised => "Đã công nhận", "Recognised";
    village_not_recognised => "Chưa công nhận", "Not recognised";
    sub_units => "Đơn vị trực thuộc", "Units below";
    indicator => "Chỉ tiêu", "Indicator";
    value => "Số liệu", "Value";
    threshold => "Ngưỡng", "Threshold";
    verdict => "Kết luận", "Verdict";
    explanation => "Giải thích", "Explanation";
    source => "Nguồn", "Source";
    unverified_mark => "chưa kiểm chứng", "not verified";
    illustrative_mark => "ngưỡng minh họa", "illustrative threshold";
    value_of => "số liệu của", "value of";
    value_history => "Lịch sử", "History";
    enter_values => "Nhập số liệu", "Enter values";
    responsible => "Cơ quan phụ trách", "Responsible agency";
    responsible_unset => "Chưa phân công cơ quan phụ trách.", "No agency assigned.";
    distribution => "Phân bố", "Distribution";
    failing_units => "Đơn vị chưa đạt", "Units not meeting it";
    all_meet => "Mọi đơn vị đều đạt tiêu chí này.", "Every unit meets this criterion.";
    and_more => "… và số đơn vị chưa đạt khác:", "… and further units not meeting it:";
    gap => "Khoảng cách", "Gap";
    sets_title => "Các bộ tiêu chí", "Criteria sets";
    criteria_count => "Số tiêu chí", "Criteria";
    indicator_count => "Số chỉ tiêu", "Indicators";
    thresholds_verified => "Ngưỡng (đã kiểm chứng)", "Thresholds (verified)";
    key => "Áp dụng cho", "Applies to";
    year => "Năm", "Year";
    confidence => "Mức kiểm chứng", "Verification";
    no_threshold => "Chưa có ngưỡng trong dữ liệu tham chiếu — chỉ tiêu sẽ ở trạng thái chưa có số liệu, không suy đoán.", "No threshold in the reference data — the indicator stays missing, never guessed.";
    layers => "Lớp ngưỡng (điều chỉnh của tỉnh, hiệu chỉnh, minh họa)", "Threshold layers (provincial overrides, corrections, illustrative)";
    add_threshold => "Thêm hoặc hiệu chỉnh ngưỡng", "Add or correct a threshold";
    add_threshold_help => "Ngưỡng mới được áp dụng ngay cho mọi kết luận, ghi vào nhật ký, và phải có căn cứ pháp lý.", "The new threshold applies to every verdict at once, is written to the change log, and needs its legal citation.";
    citation => "Căn cứ (số, ngày văn bản, điều khoản)", "Citation (document number, date, article)";
    scope_code => "Phạm vi (mã tỉnh; để trống = toàn quốc)", "Scope (province code; empty = everywhere)";
    save => "Lưu", "Save";
    saved_n => "Đã lưu số liệu thay đổi:", "Values saved:";
    nothing_changed => "Không có số liệu nào thay đổi.", "Nothing changed.";
    entry_title => "Nhập số liệu", "Enter values";
    entry_help => "Tỷ lệ nhập tử số và mẫu số (ví dụ 72 và 100), hoặc chỉ nhập tỷ lệ phần trăm. Dấu phẩy là dấu thập phân (72,5); không dùng dấu phân cách hàng nghìn. Để trống nếu chưa có số liệu.", "Enter rates as numerator and denominator (e.g. 72 and 100), or just the percentage. Use . as the decimal point (72.5) and no thousands separators. Leave empty when there is no value.";
    numerator => "Tử số", "Numerator";
    denominator => "Mẫu số", "Denominator";
    no_value => "Chưa có số liệu", "No value";
    read_only => "Chỉ xem (không thuộc quyền nhập của bạn)", "Read only (not yours to enter)";
    errors_title => "Có lỗi — chưa lưu số liệu nào", "There is a problem — nothing was saved";
    conflict_title => "Số liệu đã được người khác thay đổi — chưa lưu gì", "Someone else changed these values — nothing was saved";
    conflict_help => "Xem giá trị hiện tại bên dưới. Nếu vẫn muốn ghi đè, bấm Lưu lần nữa.", "See the current values below. To overwrite them anyway, press Save again.";
    their_value => "giá trị hiện tại", "current value";
    by => "bởi", "by";
    last_change => "Thay đổi lần cuối", "Last changed";
    history_title => "Lịch sử số liệu", "Value history";
    when => "Thời điểm", "When";
    who => "Người thay đổi", "Who";
    old_value => "Giá trị cũ", "Old value";
    new_value => "Giá trị mới", "New value";
    change => "Thay đổi", "Change";
    no_history => "Chưa có thay đổi nào.", "No changes yet.";
    back_to_unit => "Quay lại trang đơn vị", "Back to the unit";
    username => "Tên đăng nhập", "User name";
    password => "Mật khẩu", "Password";
    login_failed => "Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password.";
    login_limited => "Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.", "Too many failed sign-ins. Try again in 15 minutes.";
    login_required => "Cần đăng nhập để xem trang này.", "Sign in to see this page.";
    audit_title => "Nhật ký thay đổi", "Change log";
    action => "Thao tác", "Action";
    subject => "Đối tượng", "Subject";
    detail => "Chi tiết", "Detail";
    not_found => "Không tìm thấy trang hoặc dữ liệu.", "Page or data not found.";
    forbidden => "Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this.";
    bad_request => "Yêu cầu không hợp lệ.", "Invalid request.";
    server_error => "Lỗi hệ thống. Số liệu của bạn chưa bị thay đổi.", "System error. Your data were not changed.";
    session_expired_kept => "Phiên đăng nhập đã hết hạn hoặc bạn đã đăng xuất. Hãy đăng nhập lại: số liệu vừa nhập được giữ lại (chưa lưu) để bạn kiểm tra rồi lưu.", "Your session expired or you signed out. Sign in again: the values you typed are kept (not saved yet) for you to check and save.";
    form_expired_kept => "Chưa lưu: biểu mẫu đã hết hạn hoặc không hợp lệ (có thể bạn đã đăng nhập lại ở cửa sổ khác). Số liệu vừa nhập vẫn còn dưới đây; kiểm tra rồi bấm Lưu.", "Not saved: the form expired or is not valid (perhaps you signed in again in another window). The values you typed are still below; check them, then press Save.";
    signed_in_kept => "Đã đăng nhập. Số liệu vừa nhập vẫn còn dưới đây nhưng chưa lưu; kiểm tra rồi bấm Lưu.", "Signed in. The values you typed are still below but not saved yet; check them, then press Save.";
    csrf_failed => "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và gửi lại.", "The form expired or is not valid. Reload the page and submit again.";
    nav_accounts => "Tài khoản", "Accounts";
    accounts_title => "Tài khoản người dùng", "User accounts";
    accounts_help => "Đặt mật khẩu mới hoặc khóa một tài khoản sẽ kết thúc mọi phiên đăng nhập của người đó. Mọi thay đổi được ghi vào nhật ký.", "Setting a new password or locking an account ends all of that person's sessions. Every change is written to the change log.";
    role_admin => "Quản trị hệ thống", "Administrator";
    role_office => "Văn phòng điều phối", "Standing office";
    role_agency => "Cơ quan chuyên môn", "Agency";
    role_commune => "Cán bộ xã", "Commune officer";
    role_viewer => "Chỉ xem", "Viewer";
    role => "Vai trò", "Role";
    display_name => "Họ tên hoặc tên đơn vị", "Name or office";
    commune_or_agency => "Xã / cơ quan", "Commune / agency";
    account_status => "Trạng thái", "Status";
    account_active => "Đang dùng", "Active";
    account_locked_state => "Đã khóa", "Locked";
    new_password => "Mật khẩu mới", "New password";
    set_password => "Đặt", "Set";
    lock_column => "Khóa / mở khóa", "Lock / unlock";
    lock => "Khóa", "Lock";
    unlock => "Mở khóa", "Unlock";
    you => "bạn", "you";
    until => "đến", "until";
    add_account => "Thêm tài khoản", "Add an account";
    username_hint => "3–32 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới; ví dụ: canbo.sonbinh", "3–32 characters: lower-case letters without accents, digits, dot, hyphen, underscore; e.g. canbo.sonbinh";
    commune_for_officer => "Xã (cho cán bộ xã)", "Commune (for a commune officer)";
    commune_hint => "Chỉ dùng khi vai trò là Cán bộ xã: người đó nhập được số liệu của xã mình và các thôn của xã.", "Only for the Commune officer role: they can enter the values of their commune and its villages.";
    agency_for_officer => "Cơ quan (cho cán bộ cơ quan chuyên môn)", "Agency (for an agency officer)";
    agency_hint => "Chỉ dùng khi vai trò là Cơ quan chuyên môn: người đó nhập được các tiêu chí cơ quan phụ trách.", "Only for the Agency role: they can enter the criteria their agency is responsible for.";
    account_lang => "Ngôn ngữ", "Language";
    first_password => "Mật khẩu ban đầu", "First password";
    password_hint => "Ít nhất 8 ký tự. Hãy trao tận tay, không gửi qua thư điện tử.", "At least 8 characters. Hand it over in person, not by e-mail.";
    account_added => "Đã thêm tài khoản", "Account added:";
    account_password_set => "Đã đặt mật khẩu mới, các phiên đăng nhập cũ đã kết thúc:", "New password set, old sessions ended:";
    account_locked => "Đã khóa tài khoản", "Account locked:";
    account_unlocked => "Đã mở khóa tài khoản", "Account unlocked:";
    my_account => "Tài khoản của tôi", "My account";
    change_password => "Đổi mật khẩu", "Change password";
    change_password_help => "Đổi mật khẩu sẽ kết thúc mọi phiên đăng nhập khác của bạn (trên máy khác hoặc trình duyệt khác).", "Changing your password ends all your other sessions (on other computers or browsers).";
    current_password => "Mật khẩu hiện tại", "Current password";
    confirm_password => "Nhập lại mật khẩu mới", "New password again";
    password_changed => "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.", "Password changed. Your other sessions have ended.";
    wrong_current_password => "Mật khẩu hiện tại không đúng", "The current password is wrong";
    new_password_short => "Mật khẩu mới quá ngắn (ít nhất 8 ký tự)", "The new password is too short (at least 8 characters)";
    passwords_differ => "Hai lần nhập mật khẩu mới không giống nhau", "The two new passwords are not the same";
    password_hint_own => "Ít nhất 8 ký tự; nên dài và dễ nhớ với bạn, ví dụ một câu ngắn.", "At least 8 characters; long and easy for you to remember, such as a short sentence.";
    bad_query => "Địa chỉ trang có tham số không hợp lệ (ví dụ số trang không phải là số). Hãy mở lại trang từ trình đơn.", "The page address has a parameter that does not fit (e.g. a page number that is not a number). Open the page again from the menu.";
    bad_form => "Biểu mẫu gửi lên không đọc được; chưa lưu gì. Hãy mở lại trang và gửi lại.", "The form sent could not be read; nothing was saved. Open the page again and send it again.";
    cross_site => "Biểu mẫu này được gửi từ một trang khác nên đã bị từ chối. Hãy mở lại trang và gửi lại.", "This form was sent from another site and was refused. Open the page again and send it again.";
    bad_period => "Kỳ báo cáo không hợp lệ: ghi một năm (2024) hoặc một quý (2024Q3).", "The period is not valid: give a year (2024) or a quarter (2024Q3).";
    busy => "Máy chủ đang bận lập báo cáo khác; vui lòng thử lại sau ít phút.", "The server is busy with other reports; please try again in a few minutes.";
    download_excel => "Tải về Excel (mọi đơn vị, mọi chỉ tiêu)", "Download as Excel (every unit, every indicator)";
    home => "Trang chủ", "Home";
    signed_in_as => "Tài khoản:", "Account:";
    api => "API dữ liệu (JSON)", "Data API (JSON)";
}

/// Words for the codes of the data (levels, kinds), so that no page shows a code.
impl T {
    fn pair(&self, vi: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(vi, en)
    }

    /// A unit level (`commune` → xã).
    pub fn level_name(&self, code: &str) -> &'static str {
        match code {
            "province" => self.pair("tỉnh", "province"),
            "district" => self.pair("huyện", "district"),
            "commune" => self.pair("xã", "commune"),
            "village" => self.pair("thôn, bản", "village"),
            _ => self.pair("cấp khác", "other level"),
        }
    }

    /// How a unit went into its successor in a merger.
    pub fn lineage_kind(&self, code: &str) -> &'static str {
        match code {
            "part" => self.pair("nhập một phần", "part merged"),
            "unchanged" => self.pair("giữ nguyên", "unchanged"),
            _ => self.pair("nhập toàn bộ", "wholly merged"),
        }
    }

    /// An indicator's kind: how its value is compared.
    pub fn indicator_kind(&self, code: &str) -> &'static str {
        match code {
            "boolean" => self.pair("đạt / không đạt", "yes / no"),
            "max" => self.pair("tối đa", "at most"),
            _ => self.pair("tối thiểu", "at least"),
        }
    }

    /// A region of the 2021–2025 thresholds, by its code (`ntm_domain::unit::REGIONS`); an unknown
    /// code as it is.
    pub fn region_name<'a>(&self, code: &'a str) -> &'a str {
        ntm_domain::unit::region_label(code, self.lang).unwrap_or(code)
    }

    /// A threshold key: `all`, a region code or a commune group (`1`–`3`).
    pub fn key_name(&self, code: &str) -> String {
        match code {
            "all" => self.pair("áp dụng chung", "everywhere").into(),
            g if !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()) => match self.lang {
                Lang::Vi => format!("nhóm {g}"),
                Lang::En => format!("group {g}"),
            },
            region => self.region_name(region).into(),
        }
    }

    /// How sure a threshold is (`verified`, `partial`, `unverified`).
    pub fn confidence_name(&self, code: &str) -> &'static str {
        match code {
            "verified" => self.pair("đã kiểm chứng", "verified"),
            "partial" => self.pair("kiểm chứng một phần", "partly verified"),
            _ => self.pair("chưa kiểm chứng", "not verified"),
        }
    }

    /// A number written with the dot (`16.5`, as in the criteria files) as the page's language
    /// writes it (`16,5`).
    pub fn decimal_text(&self, text: &str) -> String {
        ntm_io::text::form_number_shown(text, self.lang)
    }

    /// A unit of measure (as the criteria files write it, in Vietnamese) in the page's language.
    pub fn unit_name<'a>(&self, unit: &'a str) -> &'a str {
        ntm_domain::explain::unit_label(unit, self.lang)
    }

    /// A group of criteria (as the criteria files write it, in Vietnamese) in the page's language.
    pub fn criteria_group<'a>(&self, group: &'a str) -> &'a str {
        ntm_domain::explain::group_label(group, self.lang)
    }

    /// A unit's flag (from the unit list), by its code; an unknown code as it is.
    pub fn flag_name<'a>(&self, code: &'a str) -> &'a str {
        match code {
            "dbkk" => self.pair("xã đặc biệt khó khăn", "extremely disadvantaged commune"),
            "atk" => self.pair("xã an toàn khu", "safety-zone commune"),
            other => other,
        }
    }

    /// A recognition level, by its code; an unknown code as it is.
    pub fn recognition_level<'a>(&self, code: &'a str) -> &'a str {
        match code {
            "ntm" => self.pair("đạt chuẩn nông thôn mới", "meets the NTM standard"),
            "nang-cao" => self.pair("đạt chuẩn nông thôn mới nâng cao", "meets the advanced NTM standard"),
            "kieu-mau" => self.pair("đạt chuẩn nông thôn mới kiểu mẫu", "meets the model NTM standard"),
            "ban-ntm" => self.pair("bản đạt chuẩn nông thôn mới", "village meets the NTM standard"),
            "huyen-ntm" => self.pair("huyện đạt chuẩn nông thôn mới", "district meets the NTM standard"),
            other => other,
        }
    }

    /// What a change-log row records (its action code).
    pub fn audit_action(&self, code: &str) -> &'static str {
        match code {
            "values.save" => self.pair("nhập số liệu", "values entered"),
            "values.import" => self.pair("nạp tệp số liệu", "values file loaded"),
            "units.import" => self.pair("nạp danh sách đơn vị", "unit list loaded"),
            "threshold.set" => self.pair("hiệu chỉnh ngưỡng", "threshold corrected"),
            "user.add" => self.pair("thêm tài khoản", "account added"),
            "user.passwd" => self.pair("đặt mật khẩu", "password set"),
            "user.lock" => self.pair("khóa tài khoản", "account locked"),
            "user.unlock" => self.pair("mở khóa tài khoản", "account unlocked"),
            "agency.add" => self.pair("thêm cơ quan", "agency added"),
            "target.add" => self.pair("thêm mục tiêu", "target added"),
            "recognition.add" => self.pair("ghi quyết định công nhận", "recognition recorded"),
            _ => self.pair("thay đổi khác", "other change"),
        }
    }

    /// A change-log detail as the page's language writes it. The store records details in
    /// Vietnamese in a few fixed forms (`3 giá trị`, `vai trò office`, `70 → 75; căn cứ: …`); on an
    /// English page they are put in English, and anything else is shown as recorded.
    pub fn audit_detail(&self, action: &str, detail: &str) -> String {
        if self.lang == Lang::Vi {
            return detail.to_string();
        }
        fn count<'a>(text: &'a str, unit: &str) -> Option<&'a str> {
            text.strip_suffix(unit).filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        }
        match action {
            "values.save" => match count(detail, " giá trị") {
                Some(n) => format!("{n} values"),
                None => detail.to_string(),
            },
            "values.import" => {
                match detail.split_once(" giá trị (").and_then(|(n, rest)| Some((n, count(rest, " dòng)")?))) {
                    Some((n, rows)) => format!("{n} values ({rows} rows)"),
                    None => detail.to_string(),
                }
            }
            "units.import" => {
                match detail.split_once(" đơn vị, ").and_then(|(n, rest)| Some((n, count(rest, " liên kết sáp nhập")?)))
                {
                    Some((n, links)) => format!("{n} units, {links} merger links"),
                    None => detail.to_string(),
                }
            }
            "user.add" => detail.strip_prefix("vai trò ").map_or_else(|| detail.to_string(), |r| format!("role {r}")),
            "user.passwd" if detail == "đổi mật khẩu" => "password changed".into(),
            "user.lock" if detail == "khóa tài khoản" => "account locked".into(),
            "user.unlock" if detail == "mở khóa tài khoản" => "account unlocked".into(),
            "threshold.set" => {
                detail.replace(" (căn cứ cũ: ", " (former citation: ").replace("; căn cứ: ", "; citation: ")
            }
            _ => detail.to_string(),
        }
    }

    /// A threshold layer's kind.
    pub fn layer_kind(&self, code: &str) -> &'static str {
        match code {
            "illustrative" => self.pair("ngưỡng minh họa", "illustrative thresholds"),
            _ => self.pair("điều chỉnh có căn cứ", "override with a citation"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages_and_they_differ_where_they_should() {
        for (name, vi, en) in ALL {
            assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{name}");
        }
        let same: Vec<&str> =
            ALL.iter().filter(|(_, vi, en)| vi == en && !matches!(*vi, "?" | "✗")).map(|(n, _, _)| *n).collect();
        assert!(same.is_empty(), "untranslated: {same:?}");
    }

    #[test]
    fn every_code_a_page_shows_has_words_in_both_languages() {
        let (vi, en) = (T { lang: Lang::Vi }, T { lang: Lang::En });
        for level in [
            ntm_domain::Level::Province,
            ntm_domain::Level::District,
            ntm_domain::Level::Commune,
            ntm_domain::Level::Village,
        ] {
            assert_ne!(vi.level_name(level.code()), en.level_name(level.code()));
            assert_ne!(vi.level_name(level.code()), vi.level_name("?"), "{level:?} has its own word");
        }
        assert_eq!(vi.level_name("commune"), "xã");
        assert_eq!(vi.lineage_kind("part"), "nhập một phần");
        assert_eq!(en.indicator_kind("max"), "at most");
        assert_eq!(vi.layer_kind("illustrative"), "ngưỡng minh họa");
        assert_eq!(vi.region_name("tdmnpb"), "Trung du và miền núi phía Bắc");
        assert_eq!(en.flag_name("dbkk"), "extremely disadvantaged commune");
        assert_eq!(vi.recognition_level("ban-ntm"), "bản đạt chuẩn nông thôn mới");
        assert_eq!(vi.recognition_level("xyz"), "xyz", "an unknown code is shown as it is");
        assert_eq!(vi.key_name("all"), "áp dụng chung");
        assert_eq!(en.key_name("2"), "group 2");
        assert_eq!(vi.key_name("dbscl"), "Đồng bằng sông Cửu Long");
        assert_eq!(vi.confidence_name("partial"), "kiểm chứng một phần");
        assert_eq!(vi.decimal_text("16.5"), "16,5");
        for (action, recorded, english) in [
            ("values.save", "3 giá trị", "3 values"),
            ("values.import", "3055 giá trị (3055 dòng)", "3055 values (3055 rows)"),
            ("units.import", "122 đơn vị, 0 liên kết sáp nhập", "122 units, 0 merger links"),
            ("user.add", "vai trò office", "role office"),
            ("user.passwd", "đổi mật khẩu", "password changed"),
            ("user.lock", "khóa tài khoản", "account locked"),
            ("user.unlock", "mở khóa tài khoản", "account unlocked"),
            (
                "threshold.set",
                "70 (căn cứ cũ: QĐ 1) → 75; căn cứ: QĐ 2",
                "70 (former citation: QĐ 1) → 75; citation: QĐ 2",
            ),
            ("values.save", "something else", "something else"),
        ] {
            assert_eq!(en.audit_detail(action, recorded), english);
            assert_eq!(vi.audit_detail(action, recorded), recorded, "Vietnamese pages show it as recorded");
        }
        assert_eq!(en.criteria_group("I. Quy hoạch"), "I. Planning");
        assert_eq!(en.unit_name("hộ"), "households");
        assert_eq!(vi.unit_name("hộ"), "hộ");
        assert_eq!(en.decimal_text("16.5"), "16.5");
        for code in ["values.save", "values.import", "units.import", "threshold.set", "user.add", "user.passwd"] {
            assert_ne!(vi.audit_action(code), vi.audit_action("?"), "{code} has its own words");
            assert_ne!(vi.audit_action(code), en.audit_action(code));
        }
    }
}
