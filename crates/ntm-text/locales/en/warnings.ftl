# warnings: the early warnings (`ntm warnings`; the pages of the plans area word them the same
# way). A reason is one sentence made from the warning's figures.

warnings_title = Early warnings — criteria set { $set }, { $period }: { $count ->
    [one] 1 warning
   *[other] { $count } warnings
}
warnings_none = No early warning.
warning_kind = { $code ->
    [planned_not_met] planned, not met
    [backsliding] backsliding
    [off_pace] off pace
    [missing_data] data missing
   *[other] { $code }
}
# The standard a roadmap row or a decision is about.
warning_level = { $code ->
    [ntm] NTM
    [nang-cao] advanced NTM
    [kieu-mau] model NTM
    [ban-ntm] village NTM
    [huyen-ntm] district NTM
   *[other] { $code }
}
warning_planned_criterion = Criterion { $criterion } ({ $name }) was planned to be met by { $year }; in { $period } it is { $status ->
    [not_met] not met
   *[other] not judged: data are missing
}.
warning_planned_standard = Planned to meet the { $level } standard by { $year }; in { $period } it meets { $met } of { $total } criteria.
warning_backsliding = Recognised as meeting the { $level } standard (decision { $decision } of { $date }), but criterion { $criterion } ({ $name }) is not met in { $period }.
warning_off_pace = Indicator { $indicator } (criterion { $name }): { $value } in { $period } against { $threshold }; { $trend }.
# The trend part of an off-pace warning.
warning_trend_late = on the trend of { $years } years ({ $slope } a year) it reaches the threshold in { $projected }, after the planned year { $planned }
warning_trend_until = on the trend of { $years } years ({ $slope } a year) it does not reach the threshold by { $until }, the last year with a threshold configured (planned for { $planned })
warning_trend_never = on the trend of { $years } years ({ $slope } a year) it does not reach the threshold within { $horizon } years (planned for { $planned })
warning_trend_unconfigured = no threshold is configured for the years after { $year } to project the trend against (planned for { $planned })
warning_missing_data = Indicator { $indicator } (criterion { $name }): no value reported for { $period }.
# The projection chart of an indicator off pace (the unit's page).
warning_chart_title = Indicator { $indicator } ({ $name }): annual values, trend and threshold
warning_chart_values = Annual values
warning_chart_trend = Trend (projected)
warning_chart_threshold = Threshold by year
warning_chart_method = Solid: the annual values. Dashed: the least-squares straight line through them (three years or more), extended to the year it reaches the threshold, or else to the planned year or the last year with a threshold. Thin dotted: the threshold that applies in each year.
