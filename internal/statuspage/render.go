package statuspage

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"time"
)

//go:embed page.css
var pageCSS string

// RefreshSeconds is how often the page reloads itself.
const RefreshSeconds = 15

// Render writes v as the page. It renders into memory first, so a failed
// write never leaves half a page.
//
// The page is written by Go code rather than html/template on purpose:
// executing a template looks methods up by name at run time, which makes
// the linker keep every exported method of every type the binary holds
// (the AWS SDK clients' thousands), and took the binary from 31 MB to
// 79 MB. Every value goes through text or attr, which escape it for
// HTML text and quoted attributes: the only contexts the page puts
// values in. The one URL (the commit link) is built by CommitURL from a
// checked https GitHub URL and a hex revision.
func Render(w io.Writer, v View) error {
	var p pageWriter
	p.page(v)
	_, err := w.Write(p.b.Bytes())
	return err
}

// pageWriter builds the page: raw writes markup of the page's own, text
// and attr write values escaped.
type pageWriter struct{ b bytes.Buffer }

func (p *pageWriter) raw(parts ...string) {
	for _, s := range parts {
		p.b.WriteString(s)
	}
}

func (p *pageWriter) text(s string) { p.b.WriteString(html.EscapeString(s)) }

// attr writes name="value", escaped, with a leading space.
func (p *pageWriter) attr(name, value string) {
	p.raw(" ", name, `="`)
	p.text(value)
	p.raw(`"`)
}

// badge is a span of class "badge <extra> <class of state>" around label.
func (p *pageWriter) badge(extra, state, label string) {
	cls := "badge"
	if extra != "" {
		cls += " " + extra
	}
	p.raw("<span")
	p.attr("class", cls+" "+class(state))
	p.raw(">")
	p.text(label)
	p.raw("</span>")
}

// lines is a <ul class="lines"> of items, each escaped, in li of class.
func (p *pageWriter) lines(liClass string, items []string) {
	p.raw(`<ul class="lines">`)
	for _, s := range items {
		if liClass != "" {
			p.raw(`<li class="`, liClass, `">`)
		} else {
			p.raw("<li>")
		}
		p.text(s)
		p.raw("</li>")
	}
	p.raw("</ul>")
}

func (p *pageWriter) page(v View) {
	env := v.Environment
	p.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	p.raw(`<meta http-equiv="refresh" content="`, strconv.Itoa(RefreshSeconds), "\">\n")
	p.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if env != "" {
		p.text(env)
		p.raw(" · ")
	}
	p.raw("reconciler status</title>\n<style>\n", pageCSS, "</style>\n</head>\n<body>\n<h1>")
	if env != "" {
		p.text(env)
	} else {
		p.raw("Environment")
	}
	for _, c := range v.Counts {
		p.raw(" ")
		p.badge("", string(c.Sync), strconv.Itoa(c.N)+" "+string(c.Sync))
	}
	p.raw("</h1>\n")
	p.meta(v)
	p.problems(v)
	p.incidents(v.Incidents)
	p.rollouts(v.FailedRollouts)
	p.resources(v)
	p.raw(`<p class="meta">Refreshes every `, strconv.Itoa(RefreshSeconds),
		` s · <a href="drift">/drift</a> (JSON) · <a href="metrics">/metrics</a></p>`, "\n</body>\n</html>\n")
}

// meta is the revision, the last pass and the last observation.
func (p *pageWriter) meta(v View) {
	p.raw("<p class=\"meta\">\n<span>Revision: ")
	switch {
	case v.CommitURL != "":
		p.raw(`<a id="commit"`)
		p.attr("href", v.CommitURL)
		p.raw("><code>")
		p.text(short(v.Revision))
		p.raw("</code></a>")
	case v.Revision != "":
		p.raw(`<code id="commit">`)
		p.text(short(v.Revision))
		p.raw("</code>")
	default:
		p.raw(`<span class="none">unknown</span>`)
	}
	p.raw("</span>\n<span id=\"last-pass\">Last pass: ")
	result := v.LastPass.Result
	if result == "" {
		p.badge("", "", "none yet")
	} else {
		p.badge("", result, result)
	}
	if v.LastPass.Mode != "" {
		p.raw(" ")
		p.text(v.LastPass.Mode)
	}
	p.raw(" ")
	p.text(when(v.LastPass.FinishedAt))
	p.raw(` <span class="none">`)
	p.text(ago(v.Now, v.LastPass.FinishedAt))
	p.raw("</span></span>\n<span>Observed: ")
	p.text(when(v.ObservedAt))
	p.raw(` <span class="none">`)
	p.text(ago(v.Now, v.ObservedAt))
	p.raw("</span>")
	if v.Stale {
		p.raw(` <span class="badge degraded">stale: passes have failed since</span>`)
	}
	p.raw("</span>\n</p>\n")
}

// problems are the last pass's error and an invalid latest revision.
func (p *pageWriter) problems(v View) {
	if v.LastPass.Error != "" {
		p.raw(`<div class="box bad" id="last-error"><strong>Latest pass failed:</strong> <span class="mono">`)
		p.text(v.LastPass.Error)
		p.raw("</span></div>\n")
	}
	if !v.Source.Valid && v.Source.Revision != "" {
		p.raw(`<div class="box bad" id="source-invalid"><strong>Revision <code>`)
		p.text(short(v.Source.Revision))
		p.raw("</code> of the file is invalid</strong>; passes act on the last valid one.\n")
		p.lines("mono", v.Source.Errors)
		p.raw("</div>\n")
	}
}

func (p *pageWriter) incidents(incidents []Incident) {
	p.raw("\n<h2>Open incidents</h2>\n<div id=\"incidents\">\n")
	for _, in := range incidents {
		p.raw(`<div class="box bad incident"`)
		p.attr("data-kind", in.Kind)
		p.raw("><strong>")
		p.text(in.Summary)
		p.raw("</strong>")
		if !in.Since.IsZero() {
			p.raw(` <span class="none">since `)
			p.text(when(in.Since))
			p.raw("</span>")
		}
		if in.Commit != "" {
			p.raw(` <span class="none">at <code>`)
			p.text(short(in.Commit))
			p.raw("</code></span>")
		}
		if len(in.Resources) > 0 {
			p.raw("<div>Resources: ")
			for i, r := range in.Resources {
				if i > 0 {
					p.raw(", ")
				}
				p.raw("<code>")
				p.text(r)
				p.raw("</code>")
			}
			p.raw("</div>")
		}
		if len(in.Details) > 0 {
			p.lines("mono", in.Details)
		}
		p.raw("\n</div>\n")
	}
	if len(incidents) == 0 {
		p.raw("<p class=\"none\">None.</p>\n")
	}
	p.raw("</div>\n")
}

func (p *pageWriter) rollouts(rollouts []Rollout) {
	p.raw("\n<h2>Failed rollouts</h2>\n<div id=\"failed-rollouts\">\n")
	for _, r := range rollouts {
		p.raw(`<div class="box bad rollout"`)
		p.attr("data-address", r.Address)
		p.raw("><code>")
		p.text(r.Address)
		p.raw(`</code>: <span class="mono">`)
		p.text(r.Reason)
		p.raw("</span></div>\n")
	}
	if len(rollouts) == 0 {
		p.raw("<p class=\"none\">None.</p>\n")
	}
	p.raw("</div>\n")
}

func (p *pageWriter) resources(v View) {
	p.raw("\n<h2>Resources</h2>\n")
	if !v.Observed {
		p.raw("<p class=\"none\" id=\"not-observed\">No pass has observed the environment yet.</p>\n")
	}
	for _, t := range v.Tiers {
		p.raw(`<details class="tier"`)
		p.attr("data-tier", t.Name)
		if !t.Healthy {
			p.raw(" open")
		}
		p.raw("><summary>")
		p.text(t.Name)
		p.raw(" ")
		for _, c := range t.Counts {
			p.badge("", string(c.Sync), strconv.Itoa(c.N)+" "+string(c.Sync))
			p.raw(" ")
		}
		for _, h := range t.Unhealthy {
			p.badge("", string(h.Health), strconv.Itoa(h.N)+" "+string(h.Health))
			p.raw(" ")
		}
		p.raw("</summary>\n<table>\n<tr><th>Resource</th><th>Sync</th><th>Health</th><th>State</th></tr>\n")
		for _, r := range t.Resources {
			p.row(r)
		}
		p.raw("</table>\n</details>\n")
	}
}

// row is one resource: address and kind, sync, health, and what there is
// to say of its state.
func (p *pageWriter) row(r Resource) {
	p.raw(`<tr class="resource"`)
	p.attr("data-address", r.Address)
	p.attr("data-kind", r.Kind)
	p.attr("data-sync", string(r.Sync))
	p.attr("data-health", string(r.Health))
	p.raw("><td><code>")
	p.text(r.Address)
	p.raw(`</code><br><span class="none">`)
	p.text(r.Kind)
	p.raw("</span></td>\n<td>")
	p.badge("sync", string(r.Sync), string(r.Sync))
	if r.Action != "" {
		p.raw(`<br><span class="none">`)
		p.text(r.Action)
		p.raw("</span>")
	}
	p.raw("</td>\n<td>")
	p.badge("health", string(r.Health), string(r.Health))
	if r.HasTasks {
		p.raw(`<br><span class="tasks">`, strconv.Itoa(r.Running), "/", strconv.Itoa(r.Desired), " running</span>")
	}
	if r.Rollout != "" {
		p.raw(`<br><span class="none">rollout `)
		p.text(r.Rollout)
		p.raw("</span>")
	}
	p.raw("</td>\n<td>")
	if r.Held != "" {
		p.raw("<div>")
		p.text(r.Held)
		p.raw("</div>")
	}
	if r.Reason != "" {
		p.raw("<div>")
		p.text(r.Reason)
		p.raw("</div>")
	}
	if len(r.Fields) > 0 {
		p.lines("mono", r.Fields)
	}
	if len(r.Pending) > 0 {
		if r.Held != "" {
			p.raw("<div>Held back:</div>")
		} else {
			p.raw("<div>Pending in AWS:</div>")
		}
		p.lines("mono", r.Pending)
	}
	if len(r.Notes) > 0 {
		p.lines("", r.Notes)
	}
	if r.Status != "" {
		p.raw(`<div class="none mono">`)
		p.text(r.Status)
		p.raw("</div>")
	}
	p.raw("</td>\n</tr>\n")
}

// class is a state as a CSS class: lower case, spaces as hyphens.
func class(s string) string { return strings.ReplaceAll(strings.ToLower(s), " ", "-") }

// when is t for people, in UTC, or "never".
func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
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
