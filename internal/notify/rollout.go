package notify

import (
	"regexp"
	"strings"

	"github.com/everruns/reconciler/pkg/drift"
)

// RolloutFailure is what the ECS service adapter notes on a service whose
// last rollout failed.
type RolloutFailure struct {
	// Note is the whole note, as /drift shows it.
	Note                              string
	Service, Outcome, Revision, Image string
	// Stopped is the stopped task's reason, exit code and log stream.
	Stopped string
}

// The adapter's note: "rollout of service S failed and OUTCOME: revision
// R (image I): STOPPED" (internal/adapters/ecs, rollout.go).
var rolloutNote = regexp.MustCompile(`^rollout of service (\S+) failed and (.*?): revision (\S+) \(image (\S+)\): (.*)$`)

// RolloutFailed returns the failure noted on c, if c is a service whose
// last rollout failed.
func RolloutFailed(c drift.Change) (RolloutFailure, bool) {
	if c.Kind != "ecs.service" {
		return RolloutFailure{}, false
	}
	for _, n := range c.Notes {
		if !strings.HasPrefix(n, "rollout of service ") {
			continue
		}
		f := RolloutFailure{Note: n}
		if m := rolloutNote.FindStringSubmatch(n); m != nil {
			f.Service, f.Outcome, f.Revision, f.Image, f.Stopped = m[1], m[2], m[3], m[4], m[5]
		}
		return f, true
	}
	return RolloutFailure{}, false
}

// Short is the failure in a few words, the stopped reason last: for a
// commit status's 140 characters.
func (f RolloutFailure) Short() string {
	if f.Service == "" {
		return f.Note
	}
	return f.Service + " " + f.Image + " failed: " + taskID.ReplaceAllString(f.Stopped, "")
}

// taskID is the stopped task's ID, which a person does not need in a
// status: the log stream names it.
var taskID = regexp.MustCompile(`^task [0-9a-f]+ `)
