package desired

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDefaults: the minimal file gets the documented defaults.
func TestDefaults(t *testing.T) {
	env, diags := Load("../../test/testdata/valid-minimal.yaml")
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	d := env.Database
	type summary struct {
		Project, Identifier, Window, Maint, Secret, Cluster, LogGroup, Namespace, TG, Tag, Arch string
		NAT, Retention, Storage, CPU, Memory, Desired, Dereg                                    int
		Encrypted, Protect, DNS                                                                 bool
		Params                                                                                  map[string]string
		DBKeys                                                                                  []string
	}
	got := summary{env.Project, d.Identifier, d.BackupWindow, d.MaintenanceWindow, env.Secrets["database"].Name, env.Cluster.Name,
		env.Cluster.LogGroup.Name, env.Cluster.Namespace, env.LoadBalancer.TargetGroups["api"].Name, env.Services["api"].Tag, env.Services["api"].CPUArchitecture,
		*env.Network.NATGateways, env.Cluster.LogGroup.RetentionDays, d.AllocatedStorageGB, env.Services["api"].CPU, env.Services["api"].Memory,
		*env.Services["api"].DesiredCount, *env.LoadBalancer.TargetGroups["api"].DeregistrationDelaySeconds,
		*d.StorageEncrypted, *d.DeletionProtection, *env.Network.EnableDNSSupport, d.Parameters, env.Secrets["database"].Keys}
	want := summary{"everruns", "everruns-production", "03:00-04:00", "Mon:04:00-Mon:05:00", "everruns/production/database", "everruns-production",
		"/ecs/everruns-production", "everruns.local", "everruns-production-api", "v0.5.0", "X86_64",
		1, 30, 20, 256, 512, 1, 30, true, true, true, map[string]string{"rds.force_ssl": "1"}, DatabaseSecretKeys}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

func TestWindows(t *testing.T) {
	tests := map[string]struct {
		backup, maint string
		overlap       bool
	}{
		"seed":              {"03:00-04:00", "Mon:04:00-Mon:05:00", false},
		"overlap same day":  {"03:00-04:00", "Tue:03:30-Tue:04:30", true},
		"wraps midnight":    {"23:30-00:30", "Sun:00:00-Sun:01:00", true},
		"wraps week":        {"12:00-13:00", "Sun:23:00-Mon:01:00", false},
		"wraps week, meets": {"00:30-01:30", "Sun:23:00-Mon:01:00", true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := parseBackupWindow(tc.backup)
			if err != nil {
				t.Fatal(err)
			}
			m, err := parseMaintenanceWindow(tc.maint)
			if err != nil {
				t.Fatal(err)
			}
			if got := overlapsDaily(m, b); got != tc.overlap {
				t.Errorf("overlap = %v, want %v", got, tc.overlap)
			}
		})
	}
}

func TestFargateSizes(t *testing.T) {
	tests := []struct {
		cpu, mem int
		ok       bool
	}{{256, 512, true}, {256, 4096, false}, {512, 3072, true}, {1024, 9216, false}, {4096, 30720, true},
		{8192, 20480, true}, {8192, 18432, false}, {16384, 40960, true}, {16384, 36864, false}, {300, 1024, false}}
	for _, tc := range tests {
		if got := fargateSizeOK(tc.cpu, tc.mem); got != tc.ok {
			t.Errorf("fargateSizeOK(%d, %d) = %v, want %v", tc.cpu, tc.mem, got, tc.ok)
		}
	}
}
