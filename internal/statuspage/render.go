package statuspage

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
)

//go:embed page.html.tmpl
var pageSource string

// page is parsed once; html/template escapes every value for where it
// lands (text, attribute, URL), so an address or a note cannot inject
// markup.
var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"class": func(s any) string { return strings.ReplaceAll(strings.ToLower(fmt.Sprint(s)), " ", "-") },
	"ago":   ago,
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.UTC().Format(time.RFC3339)
	},
	"short": short,
}).Parse(pageSource))

// RefreshSeconds is how often the page reloads itself (the template's
// meta refresh says the same).
const RefreshSeconds = 15

// Render writes v as the page. It renders into memory first, so a
// template error never leaves half a page.
func Render(w io.Writer, v View) error {
	var b bytes.Buffer
	if err := page.Execute(&b, struct {
		View
		Refresh int
	}{v, RefreshSeconds}); err != nil {
		return fmt.Errorf("render status page: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// ago is how long before now t was, for people ("3m ago").
func ago(now, t time.Time) string {
	if t.IsZero() || now.IsZero() {
		return ""
	}
	d := now.Sub(t).Round(time.Second)
	switch {
	case d < 0:
		return ""
	case d < time.Minute:
		return fmt.Sprintf("%ds ago", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	}
	return fmt.Sprintf("%dh%02dm ago", int(d.Hours()), int(d.Minutes())%60)
}
