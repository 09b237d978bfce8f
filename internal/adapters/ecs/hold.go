package ecs

import (
	"fmt"
	"strings"

	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// attrHoldAgainst (Live.Attrs) of a held service: the revision ARN the
// file named when the hold was recorded.
const attrHoldAgainst = "hold_against"

// hold is what `reconciler rollback` recorded on a service: the revision
// it is held on, the revision the file named then, and the file's
// revision.
type hold struct{ held, against, file string }

// holdOf reads the hold from a service's tags. A hold counts only while
// the service runs the held revision: one changed by hand since is not
// held (its drift is reported and repaired as any other).
func holdOf(tags map[string]string, running string) (hold, bool) {
	h := hold{held: tags[names.TagHold], against: tags[names.TagHoldAgainst], file: tags[names.TagHoldFile]}
	return h, h.held != "" && h.held == running
}

// mark makes l report the hold. The revision the file named when the
// hold was recorded is given as pending: while the file still names it,
// the difference is no change to make, so passes leave the service on
// the held revision; once the file names another (its definition
// changed), the difference is a change again and the pass rolls out.
func (h hold) mark(l *reconcile.Live, address string) {
	if l.Pending == nil {
		l.Pending = map[string]any{}
	}
	l.Pending[names.Service.TaskDefinition] = h.against
	l.Attrs[attrHoldAgainst] = h.against
	file := ""
	if h.file != "" {
		file = " against file revision " + shortFileRevision(h.file)
	}
	l.Attrs[names.AttrServiceHeld] = "held on " + shortRevision(h.held) + file
	l.Notes = append(l.Notes, fmt.Sprintf("held on %s by `reconciler rollback`%s: passes leave it there until the file changes its definition (%s), or `reconciler rollback --release %s`",
		shortRevision(h.held), file, shortRevision(h.against), strings.TrimPrefix(address, "service.")))
}

// shortFileRevision shortens a commit to 12 characters; a file digest
// (sha256:…) likewise.
func shortFileRevision(rev string) string {
	prefix, hex, ok := strings.Cut(rev, ":")
	if !ok {
		prefix, hex = "", rev
	} else {
		prefix += ":"
	}
	if len(hex) > 12 {
		hex = hex[:12]
	}
	return prefix + hex
}
