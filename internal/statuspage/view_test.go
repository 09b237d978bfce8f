package statuspage

import (
	"slices"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
)

var t0 = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

// sample is an environment with one resource in each interesting state.
func sample() Input {
	report := drift.Report{Environment: "production", Changes: []drift.Change{
		{Address: "network.vpc.main", Kind: "ec2.vpc", Action: drift.ActionUpdate,
			Fields: []drift.FieldChange{{Path: "enable_dns_hostnames", Desired: true, Live: false}}},
		{Address: "network.subnet.public-a", Kind: "ec2.subnet", Action: drift.ActionNone},
		{Address: "database.main", Kind: "rds.db_instance", Action: drift.ActionNone,
			Pending: []drift.FieldChange{{Path: "instance_class", Desired: "db.t4g.small", Live: "db.t4g.micro"}}},
		{Address: "database.shrink", Kind: "rds.db_instance", Action: drift.ActionRefused, Reason: "storage cannot shrink"},
		{Address: "secrets.api_key", Kind: "secretsmanager.secret", Action: drift.ActionUpdate,
			Fields: []drift.FieldChange{{Path: "secret_string", Desired: drift.Redacted, Live: drift.Redacted, Sensitive: true}}},
		{Address: "certificate.main", Kind: names.KindCertificate, Action: drift.ActionNone, Notes: []string{"expires in 80 days"}},
		{Address: "service.api", Kind: names.KindService, Action: drift.ActionNone},
		{Address: "service.worker", Kind: names.KindService, Action: drift.ActionNone},
		{Address: "service.ui", Kind: names.KindService, Action: drift.ActionCreate},
		{Address: "service.admin", Kind: names.KindService, Action: drift.ActionNone},
		{Address: "zeta.thing", Kind: "x.thing", Action: drift.ActionNone},
	}, Unsupported: []drift.Change{{Address: "reconciler.role", Kind: "iam.magic", Action: drift.ActionUnsupported}}}
	svc := func(running, want, rollout, failure string) pass.Resource {
		return pass.Resource{Kind: names.KindService, Failure: failure, Attrs: map[string]string{
			names.AttrServiceRunning: running, names.AttrServiceDesired: want, names.AttrServiceRolloutState: rollout}}
	}
	return Input{Observed: true, Report: report, Revision: "0123456789abcdef0123456789abcdef01234567",
		ObservedAt: t0, Now: t0.Add(90 * time.Second), RepoURL: "https://github.com/everruns/infra.git",
		LastPass: Pass{Result: "drift", Mode: "apply", FinishedAt: t0},
		Source:   pass.SourceStatus{Valid: true, Revision: "0123456789abcdef0123456789abcdef01234567"},
		Resources: map[desired.Address]pass.Resource{
			"network.vpc.main":        {Kind: "ec2.vpc", Status: "available", Ready: true},
			"network.subnet.public-a": {Kind: "ec2.subnet", Status: "available", Ready: true},
			"database.main":           {Kind: "rds.db_instance", Status: "modifying"},
			"database.shrink":         {Kind: "rds.db_instance", Status: "storage-full"},
			"secrets.api_key":         {Kind: "secretsmanager.secret", Ready: true},
			"certificate.main":        {Kind: names.KindCertificate, Status: "ISSUED", Ready: true},
			"service.api":             svc("2", "2", "COMPLETED", ""),
			"service.worker":          svc("1", "1", "COMPLETED", "tasks stopped: Essential container in task exited (exit 1)"),
			"service.admin":           svc("0", "1", "IN_PROGRESS", ""),
			"zeta.thing":              {Kind: "x.thing"},
		}}
}

func resourceIn(t *testing.T, v View, addr string) Resource {
	t.Helper()
	for _, tier := range v.Tiers {
		for _, r := range tier.Resources {
			if r.Address == addr {
				return r
			}
		}
	}
	t.Fatalf("%s not on the page", addr)
	return Resource{}
}

func TestBuildGivesEachResourceItsSyncStateAndHealth(t *testing.T) {
	in := sample()
	in.Held = map[desired.Address]string{"service.api": "held on everruns-api:41"}
	v := Build(in)
	for addr, want := range map[string]struct {
		sync   Sync
		health Health
	}{
		"network.vpc.main":        {Drifted, Healthy},
		"network.subnet.public-a": {InSync, Healthy},
		"database.main":           {Pending, Progressing},
		"database.shrink":         {Refused, Degraded},
		"secrets.api_key":         {Drifted, Healthy},
		"certificate.main":        {InSync, Healthy},
		"service.api":             {Held, Healthy},
		"service.worker":          {InSync, Degraded},
		"service.ui":              {Drifted, Missing},
		"service.admin":           {InSync, Progressing},
		"zeta.thing":              {InSync, Progressing},
		"reconciler.role":         {Unsupported, Unknown},
	} {
		r := resourceIn(t, v, addr)
		if r.Sync != want.sync || r.Health != want.health {
			t.Errorf("%s: %s/%s, want %s/%s", addr, r.Sync, r.Health, want.sync, want.health)
		}
	}
	api := resourceIn(t, v, "service.api")
	if !api.HasTasks || api.Running != 2 || api.Desired != 2 || api.Rollout != "COMPLETED" || api.Held == "" {
		t.Errorf("service.api: %+v", api)
	}
	admin := resourceIn(t, v, "service.admin")
	if !admin.HasTasks || admin.Running != 0 || admin.Desired != 1 {
		t.Errorf("service.admin tasks: %+v", admin)
	}
}

func TestBuildOrdersTiersAsTheEnvironmentIsBuiltAndFoldsHealthyOnes(t *testing.T) {
	v := Build(sample())
	var got []string
	healthy := map[string]bool{}
	for _, tier := range v.Tiers {
		got = append(got, tier.Name)
		healthy[tier.Name] = tier.Healthy
	}
	want := []string{"network", "database", "secrets", "certificate", "service", "reconciler", "zeta"}
	if !slices.Equal(got, want) {
		t.Fatalf("tiers %v, want %v", got, want)
	}
	if !healthy["certificate"] || healthy["network"] || healthy["service"] {
		t.Errorf("folded tiers: %v", healthy)
	}
	var service Tier
	for _, tier := range v.Tiers {
		if tier.Name == "service" {
			service = tier
		}
	}
	if want := []HealthCount{{Degraded, 1}, {Missing, 1}, {Progressing, 1}}; !slices.Equal(service.Unhealthy, want) {
		t.Errorf("service tier's unhealthy %v, want %v", service.Unhealthy, want)
	}
	if n := v.Tiers[0].Resources; n[0].Address != "network.subnet.public-a" || n[1].Address != "network.vpc.main" {
		t.Errorf("network's resources not by address: %+v", n)
	}
	wantCounts := []Count{{Drifted, 3}, {Refused, 1}, {Pending, 1}, {Unsupported, 1}, {InSync, 6}}
	if !slices.Equal(v.Counts, wantCounts) {
		t.Errorf("counts %v, want %v", v.Counts, wantCounts)
	}
}

func TestBuildShowsOnlyWhatDriftShows(t *testing.T) {
	v := Build(sample())
	vpc := resourceIn(t, v, "network.vpc.main")
	if !slices.Equal(vpc.Fields, []string{"enable_dns_hostnames: false → true"}) {
		t.Errorf("vpc fields %q", vpc.Fields)
	}
	secret := resourceIn(t, v, "secrets.api_key")
	if !slices.Equal(secret.Fields, []string{"secret_string: (sensitive) → (sensitive)"}) {
		t.Errorf("secret fields %q", secret.Fields)
	}
	if db := resourceIn(t, v, "database.main"); len(db.Fields) != 0 || !slices.Equal(db.Pending, []string{`instance_class: "db.t4g.micro" → "db.t4g.small"`}) {
		t.Errorf("database: fields %q pending %q", db.Fields, db.Pending)
	}
}

func TestBuildListsFailedRolloutsAndDerivesIncidents(t *testing.T) {
	in := sample()
	in.LastPass = Pass{Result: "error", Mode: "apply", FinishedAt: t0, Error: "apply: service.worker: rollout failed"}
	in.Source = pass.SourceStatus{Revision: "fedcba9876543210fedcba9876543210fedcba98", Errors: []string{"environment.yaml:3:1: unknown field"}}
	v := Build(in)
	if len(v.FailedRollouts) != 1 || v.FailedRollouts[0].Address != "service.worker" {
		t.Fatalf("failed rollouts %+v", v.FailedRollouts)
	}
	var kinds []string
	for _, i := range v.Incidents {
		kinds = append(kinds, i.Kind)
	}
	if !slices.Equal(kinds, []string{"pass_failed", "invalid_revision", "rollout_failed"}) {
		t.Errorf("incidents %v", kinds)
	}
	fed := []Incident{{Kind: "drift", Summary: "network.vpc.main drifted"}}
	in.Incidents = fed
	if v := Build(in); len(v.Incidents) != 1 || v.Incidents[0].Kind != "drift" {
		t.Errorf("fed incidents replaced: %+v", v.Incidents)
	}
	calm := sample()
	calm.Resources["service.worker"] = pass.Resource{Kind: names.KindService}
	if v := Build(calm); len(v.Incidents) != 0 || len(v.FailedRollouts) != 0 {
		t.Errorf("a calm environment has incidents %+v, failed rollouts %+v", v.Incidents, v.FailedRollouts)
	}
}

func TestCommitURL(t *testing.T) {
	rev := "0123456789abcdef0123456789abcdef01234567"
	for repo, want := range map[string]string{
		"https://github.com/everruns/infra.git":            "https://github.com/everruns/infra/commit/" + rev,
		"https://github.com/everruns/infra":                "https://github.com/everruns/infra/commit/" + rev,
		"https://x-access-token:ghs_s3cr3t@github.com/a/b": "https://github.com/a/b/commit/" + rev,
		"git@github.com:everruns/infra.git":                "",
		"http://github.com/everruns/infra":                 "",
		"https://gitlab.com/everruns/infra":                "",
		"https://github.com.evil.example/everruns/infra":   "",
		"https://github.com/everruns/infra/tree/main":      "",
		"https://github.com/a/b\"><script>":                "",
		"":                                                 "",
	} {
		if got := CommitURL(repo, rev); got != want {
			t.Errorf("CommitURL(%q) = %q, want %q", repo, got, want)
		}
	}
	if got := CommitURL("https://github.com/a/b", "sha256:abc"); got != "" {
		t.Errorf("a file digest got a commit link: %q", got)
	}
}
