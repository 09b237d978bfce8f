package drift

import (
	"fmt"
	"strings"
)

// formatValue shows a normalised value to people: JSON text, except for
// absence and the placeholders, which read better bare.
func formatValue(v any) string {
	switch v {
	case nil:
		return "(none)"
	case Unknown, Redacted:
		return v.(string)
	}
	return canonical(v)
}

// FormatField is f as the text report shows it: "path: live → desired",
// or the elements a set gains and loses; sensitive values stay redacted.
func FormatField(f FieldChange) string { return formatField(f) }

// formatField is "path: live → desired", with the elements a set gains and
// loses instead of the two full sets.
func formatField(f FieldChange) string {
	if len(f.Added)+len(f.Removed) > 0 {
		var parts []string
		for _, e := range f.Added {
			parts = append(parts, "+"+formatValue(e))
		}
		for _, e := range f.Removed {
			parts = append(parts, "-"+formatValue(e))
		}
		return fmt.Sprintf("%s: %s", f.Path, strings.Join(parts, ", "))
	}
	return fmt.Sprintf("%s: %s → %s", f.Path, formatValue(f.Live), formatValue(f.Desired))
}

// symbol is the terraform-like mark of an action.
func symbol(a Action) string {
	switch a {
	case ActionCreate:
		return "+"
	case ActionUpdate:
		return "~"
	case ActionReplace:
		return "-/+"
	case ActionDelete:
		return "-"
	case ActionOrphan:
		return "!"
	case ActionUnsupported:
		return "?"
	case ActionRefused:
		return "x"
	}
	return " "
}

// summaryLine is "2 to create, 1 to update, …" in a fixed order; refused
// changes, rare, are named only when there are some.
func summaryLine(s Summary) string {
	order := []struct {
		a    Action
		verb string
	}{
		{ActionCreate, "to create"}, {ActionUpdate, "to update"},
		{ActionReplace, "to replace"}, {ActionDelete, "to delete"},
		{ActionOrphan, "orphaned"}, {ActionUnsupported, "unsupported"},
		{ActionNone, "in sync"},
	}
	var parts []string
	for _, o := range order {
		if o.a == ActionNone && s[ActionRefused] > 0 {
			parts = append(parts, fmt.Sprintf("%d refused", s[ActionRefused]))
		}
		parts = append(parts, fmt.Sprintf("%d %s", s[o.a], o.verb))
	}
	return strings.Join(parts, ", ")
}
