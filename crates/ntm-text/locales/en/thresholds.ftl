# thresholds

sets_title = Criteria sets
criteria_count = Criteria
indicator_count = Indicators
thresholds_verified = Thresholds (verified)
key = Applies to
year = Year
confidence = Verification
no_threshold = No threshold in the reference data — the indicator stays missing, never guessed.
layers = Threshold layers (provincial overrides, corrections, illustrative)
add_threshold = Add or correct a threshold
add_threshold_help = The new threshold applies to every verdict at once, is written to the change log, and needs its legal citation.
citation = Citation (document number, date, article)
scope_code = Scope (province code; empty = everywhere)

indicator_kind = { $code ->
    [boolean] yes / no
    [max] at most
   *[min] at least
}
confidence_name = { $code ->
    [verified] verified
    [partial] partly verified
    [illustrative] illustrative threshold, not a legal text
   *[unverified] not verified
}
layer_kind = { $code ->
    [illustrative] illustrative thresholds
   *[override] override with a citation
}
key_all = everywhere
key_group = group { $group }
threshold_unknown_indicator = No indicator { $id } in this set
threshold_bad_year = Invalid year (e.g. 2025)
threshold_citation_required = The citation is required
threshold_citation_too_long = The citation is too long: at most { $max } characters (the decision, its article and page)
threshold_not_a_province = { $code } is not a province code: own thresholds are set for a province
threshold_too_many_layers = This set has too many threshold layers; correct one that exists

citation_decision = Decision { $number }
citation_annex = Annex { $annex }
citation_of_layer = per { $citation }
sources = Sources
sources_title = Sources and research trail
sources_of = Sources and research trail of the criteria set
sources_help = Each verdict shows only a short citation (decision, annex, how sure it is); the research behind each threshold is kept here. S1, S2… are the research team's list of sources.
sources_link = The source of each threshold
note = Note
key_rules = Rules for the threshold column
whole_set = The whole set
scope_all = every unit
layers_apply = The thresholds of the layers (illustrative, a province's corrections) are listed with each indicator's national thresholds: within a layer's scope, verdicts use the layer's threshold instead of the national one.
