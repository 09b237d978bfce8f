// Package statuspage renders the daemon's status page: the page a person
// reads during an incident. It shows the environment's resources as a tree
// by tier, each with its sync state and health, the revision with its
// commit link, the last pass, the open incidents and the failed rollouts.
//
// It is built from the same observation /drift serves, and shows no field
// value that /drift does not: the fields of the resources not in sync (as
// the report has them, sensitive ones redacted), the notes, and AWS's own
// status words, which are not field values.
//
// Build turns the daemon's state (Input) into a View; Render writes the
// View as HTML. The View is plain data, so other sources (the incidents a
// notifier tracks) can be fed in without touching the template.
package statuspage

import (
	"cmp"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
)

// Sync says how a resource compares with the file.
type Sync string

const (
	InSync  Sync = "in sync"
	Drifted Sync = "drifted" // to create, update, replace, delete, or orphaned
	// Pending means AWS has accepted the file's values and applies them
	// later by itself (an RDS change waiting for the maintenance window).
	Pending Sync = "pending"
	Refused Sync = "refused" // the file asks for what AWS would refuse
	// Held means a rollback holds the resource on a revision the file
	// does not name: passes leave it there.
	Held        Sync = "held"
	Unsupported Sync = "unsupported" // no adapter: neither observed nor changed
)

// Health follows Argo CD's health states (gitops-engine).
type Health string

const (
	Healthy     Health = "Healthy"
	Progressing Health = "Progressing"
	Degraded    Health = "Degraded"
	Suspended   Health = "Suspended"
	Missing     Health = "Missing"
	Unknown     Health = "Unknown"
)

// tierOrder is the order of the tiers on the page: the order the
// environment is built in. Tiers not listed follow, by name.
var tierOrder = []string{"network", "database", "secrets", "certificate", "cluster", "loadbalancer", "service", "task", "reconciler"}

// Pass is the latest pass.
type Pass struct {
	Result     string // success, drift, error
	Mode       string // observe, apply
	FinishedAt time.Time
	Error      string
}

// Incident is one thing wrong, open now.
type Incident struct {
	Kind      string
	Summary   string
	Details   []string
	Commit    string
	Resources []string
	Since     time.Time
}

// Input is what the page is built from: the daemon's last observation
// and its latest pass.
type Input struct {
	// Observed is false until a pass has observed the whole environment;
	// Report and Resources are then empty.
	Observed bool
	Report   drift.Report
	// Resources is what the observation saw of each existing resource.
	Resources  map[desired.Address]pass.Resource
	Revision   string
	ObservedAt time.Time
	// Stale says that a pass has failed since the observation.
	Stale    bool
	LastPass Pass
	Source   pass.SourceStatus
	// RepoURL is the git source's URL ("" for a file): a GitHub https URL
	// gives the revision a commit link.
	RepoURL string
	// Held names, by address, the resources a rollback holds, with what
	// holds them ("held on everruns-api:41 against a1b2c3d"), beside
	// those whose observation says so (names.AttrServiceHeld).
	Held map[desired.Address]string
	// Incidents are the open incidents; nil lets Build derive them from
	// the pass (DerivedIncidents).
	Incidents []Incident
	Now       time.Time
}

// View is the page's data.
type View struct {
	Environment string
	Observed    bool
	Revision    string
	CommitURL   string
	ObservedAt  time.Time
	Stale       bool
	LastPass    Pass
	Source      pass.SourceStatus
	// Counts is the number of resources in each sync state, in a fixed
	// order, zero counts left out.
	Counts         []Count
	Tiers          []Tier
	Incidents      []Incident
	FailedRollouts []Rollout
	Now            time.Time
}

// Count is a number of resources in one sync state.
type Count struct {
	Sync Sync
	N    int
}

// HealthCount is a number of resources in one health state.
type HealthCount struct {
	Health Health
	N      int
}

// Tier is the resources whose address starts with Name.
type Tier struct {
	Name      string
	Resources []Resource
	Counts    []Count
	// Unhealthy counts the resources in each health state but Healthy.
	Unhealthy []HealthCount
	// Healthy says every resource is in sync (or pending) and healthy: the
	// tier is folded.
	Healthy bool
}

// Resource is one row of the tree.
type Resource struct {
	Address string
	Kind    string
	Sync    Sync
	Health  Health
	// Status is AWS's word for the resource's state; for a service, its
	// deployments.
	Status string
	// Running and Desired are a service's task counts, Rollout its
	// primary deployment's rollout state; HasTasks says they are known.
	HasTasks         bool
	Running, Desired int
	Rollout          string
	Action           string
	Reason           string
	// Fields are the differing fields as /drift shows them, formatted.
	Fields  []string
	Pending []string
	Notes   []string
	Held    string
}

// Rollout is a failed rollout.
type Rollout struct {
	Address string
	Reason  string
}

// Build makes the page's view of in.
func Build(in Input) View {
	v := View{Environment: in.Report.Environment, Observed: in.Observed, Revision: in.Revision,
		CommitURL: CommitURL(in.RepoURL, in.Revision), ObservedAt: in.ObservedAt, Stale: in.Stale,
		LastPass: in.LastPass, Source: in.Source, Now: in.Now}
	if v.Revision == "" {
		v.Revision = in.Source.Revision
		v.CommitURL = CommitURL(in.RepoURL, v.Revision)
	}
	var all []Resource
	changes := append(slices.Clone(in.Report.Changes), in.Report.Unsupported...)
	for _, c := range changes {
		r := resourceOf(c, in.Resources, in.Held)
		all = append(all, r)
		if obs, ok := in.Resources[c.Address]; ok && obs.Failure != "" && c.Kind == names.KindService {
			v.FailedRollouts = append(v.FailedRollouts, Rollout{Address: string(c.Address), Reason: obs.Failure})
		}
	}
	v.Tiers = tiers(all)
	v.Counts = counts(all)
	v.Incidents = in.Incidents
	if v.Incidents == nil {
		v.Incidents = DerivedIncidents(in)
	}
	return v
}

func resourceOf(c drift.Change, observed map[desired.Address]pass.Resource, held map[desired.Address]string) Resource {
	obs, exists := observed[c.Address]
	r := Resource{Address: string(c.Address), Kind: c.Kind, Status: obs.Status, Notes: c.Notes,
		Held: cmp.Or(held[c.Address], obs.Attrs[names.AttrServiceHeld])}
	if c.Action != drift.ActionNone {
		r.Action, r.Reason = string(c.Action), c.Reason
		for _, f := range c.Fields {
			r.Fields = append(r.Fields, drift.FormatField(f))
		}
	}
	for _, f := range c.Pending {
		r.Pending = append(r.Pending, drift.FormatField(f))
	}
	r.Sync = syncOf(c, r.Held != "")
	if c.Kind == names.KindService && exists {
		running, errR := strconv.Atoi(obs.Attrs[names.AttrServiceRunning])
		want, errD := strconv.Atoi(obs.Attrs[names.AttrServiceDesired])
		if errR == nil && errD == nil {
			r.HasTasks, r.Running, r.Desired = true, running, want
		}
		r.Rollout = obs.Attrs[names.AttrServiceRolloutState]
	}
	r.Health = healthOf(c, obs, exists, r)
	return r
}

func syncOf(c drift.Change, held bool) Sync {
	switch {
	case c.Action == drift.ActionUnsupported:
		return Unsupported
	case held && c.Action == drift.ActionNone:
		return Held // in effect: the file still names what it named then
	case c.Action == drift.ActionRefused:
		return Refused
	case c.Action != drift.ActionNone:
		return Drifted
	case len(c.Pending) > 0:
		return Pending
	}
	return InSync
}

// healthOf maps what was observed to Argo CD's health states: a resource
// that does not exist is Missing; one stopped in a state it will not
// leave (a failed rollout) Degraded; a service by its rollout and task
// counts; others by AWS's status word, or whether they are up.
func healthOf(c drift.Change, obs pass.Resource, exists bool, r Resource) Health {
	switch {
	case c.Action == drift.ActionUnsupported:
		return Unknown
	case !exists:
		return Missing
	case obs.Failure != "":
		return Degraded
	case r.Rollout != "":
		switch {
		case r.Rollout == "FAILED":
			return Degraded
		case r.Rollout == "IN_PROGRESS":
			return Progressing
		case r.HasTasks && r.Desired == 0:
			return Suspended
		case r.HasTasks && r.Running < r.Desired:
			return Progressing
		}
		return Healthy
	}
	if h, ok := healthOfStatus(obs.Status); ok {
		return h
	}
	if obs.Ready {
		return Healthy
	}
	return Progressing
}

// healthOfStatus reads AWS's status words, which differ by service
// (EC2's "available", ACM's "PENDING_VALIDATION", RDS's "storage-full").
func healthOfStatus(status string) (Health, bool) {
	s := strings.ToLower(strings.ReplaceAll(status, "_", "-"))
	has := func(words ...string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(s, w) })
	}
	switch {
	case s == "":
		return "", false
	case has("fail", "error", "expired", "revoked", "timed-out", "storage-full", "incompatible", "inaccessible", "deleted", "deleting", "inactive"):
		return Degraded, true
	case s == "stopped" || s == "stopping":
		return Suspended, true
	case has("pending", "creating", "provisioning", "modifying", "backing-up", "rebooting", "upgrading",
		"configuring", "starting", "activating", "detached", "running"):
		return Progressing, true
	case has("available", "active", "attached", "allocated", "issued", "in-use", "exit 0"):
		return Healthy, true
	}
	return "", false
}

func tiers(all []Resource) []Tier {
	byTier := map[string][]Resource{}
	for _, r := range all {
		name, _, _ := strings.Cut(r.Address, ".")
		byTier[name] = append(byTier[name], r)
	}
	order := func(name string) int {
		if i := slices.Index(tierOrder, name); i >= 0 {
			return i
		}
		return len(tierOrder)
	}
	var out []Tier
	for name, rs := range byTier {
		slices.SortFunc(rs, func(a, b Resource) int { return strings.Compare(a.Address, b.Address) })
		t := Tier{Name: name, Resources: rs, Counts: counts(rs), Unhealthy: unhealthy(rs), Healthy: len(unhealthy(rs)) == 0}
		for _, r := range rs {
			if r.Sync != InSync && r.Sync != Pending {
				t.Healthy = false
			}
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Tier) int {
		return cmp.Or(cmp.Compare(order(a.Name), order(b.Name)), strings.Compare(a.Name, b.Name))
	})
	return out
}

var syncOrder = []Sync{Drifted, Refused, Held, Pending, Unsupported, InSync}

func counts(rs []Resource) []Count {
	n := map[Sync]int{}
	for _, r := range rs {
		n[r.Sync]++
	}
	var out []Count
	for _, s := range syncOrder {
		if n[s] > 0 {
			out = append(out, Count{s, n[s]})
		}
	}
	return out
}

var healthOrder = []Health{Degraded, Missing, Progressing, Suspended, Unknown}

func unhealthy(rs []Resource) []HealthCount {
	n := map[Health]int{}
	for _, r := range rs {
		n[r.Health]++
	}
	var out []HealthCount
	for _, h := range healthOrder {
		if n[h] > 0 {
			out = append(out, HealthCount{h, n[h]})
		}
	}
	return out
}

// DerivedIncidents are the incidents the daemon's own state shows, for
// want of a notifier that tracks them: the latest pass failed, the
// source's latest revision is invalid, a service's rollout failed.
func DerivedIncidents(in Input) []Incident {
	out := []Incident{}
	if in.LastPass.Result == "error" {
		out = append(out, Incident{Kind: "pass_failed", Summary: "the latest pass failed",
			Details: nonEmpty(in.LastPass.Error), Commit: in.Revision, Since: in.LastPass.FinishedAt})
	}
	if !in.Source.Valid && in.Source.Revision != "" {
		out = append(out, Incident{Kind: "invalid_revision", Summary: "revision " + short(in.Source.Revision) + " of the file is invalid",
			Details: in.Source.Errors, Commit: in.Source.Revision})
	}
	addrs := make([]desired.Address, 0, len(in.Resources))
	for a := range in.Resources {
		addrs = append(addrs, a)
	}
	slices.Sort(addrs)
	for _, a := range addrs {
		if r := in.Resources[a]; r.Failure != "" && r.Kind == names.KindService {
			out = append(out, Incident{Kind: "rollout_failed", Summary: "the rollout of " + string(a) + " failed",
				Details: []string{r.Failure}, Commit: in.Revision, Resources: []string{string(a)}})
		}
	}
	return out
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func short(rev string) string {
	if len(rev) > 12 && commitHash.MatchString(rev) {
		return rev[:12]
	}
	return rev
}

var (
	commitHash = regexp.MustCompile(`^[0-9a-f]{7,64}$`)
	repoPath   = regexp.MustCompile(`^/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(\.git)?/?$`)
)

// CommitURL links revision on GitHub when repo is a GitHub https URL and
// revision a commit hash; else "". It is built from the owner and name
// alone: credentials in the URL never reach the page.
func CommitURL(repo, revision string) string {
	if repo == "" || !commitHash.MatchString(revision) {
		return ""
	}
	u, err := url.Parse(repo)
	if err != nil || u.Scheme != "https" || !strings.EqualFold(u.Hostname(), "github.com") || u.Port() != "" {
		return ""
	}
	m := repoPath.FindStringSubmatch(u.Path)
	if m == nil {
		return ""
	}
	return "https://github.com/" + m[1] + "/" + m[2] + "/commit/" + revision
}
