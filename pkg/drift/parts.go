package drift

// The pieces of the renderers, for renderers elsewhere (the pull-request
// comment of internal/prcomment): one wording of a field, an action and a
// summary across every output.

// FormatField (format.go) is one wording of a field.

// Symbol is the terraform-like mark of an action ("+", "~", "-/+", …).
func Symbol(a Action) string { return symbol(a) }

// SummaryLine is "2 to create, 1 to update, …" in a fixed order.
func SummaryLine(s Summary) string { return summaryLine(s) }
