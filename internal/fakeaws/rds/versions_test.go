package rds_test

import (
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
)

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
// (EngineVersion: a major version alone picks that major's default minor
// version; an unknown version is refused)
func TestCreateDBInstanceEngineVersion(t *testing.T) {
	e := start(t)
	for _, c := range []struct{ id, requested, want string }{
		{"major", "16", "16.4"}, {"minor", "16.3", "16.3"}, {"none", "", "16.4"},
	} {
		in := instanceInput(c.id)
		in.EngineVersion = aws.String(c.requested)
		if c.requested == "" {
			in.EngineVersion = nil
		}
		if got := aws.ToString(e.create(t, in).EngineVersion); got != c.want {
			t.Errorf("EngineVersion %q: got %s, want %s", c.requested, got, c.want)
		}
	}
	in := instanceInput("bad")
	in.EngineVersion = aws.String("16.99")
	_, err := e.rds.CreateDBInstance(t.Context(), in)
	wantCode(t, err, "InvalidParameterCombination")
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
// (EngineVersion: a new major version needs AllowMajorVersionUpgrade)
func TestModifyDBInstanceMajorUpgradeNeedsFlag(t *testing.T) {
	e := start(t)
	e.available(t, instanceInput("db1"))
	_, err := e.rds.ModifyDBInstance(t.Context(), &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), EngineVersion: aws.String("17")})
	wantCode(t, err, "InvalidParameterCombination")
	e.modify(t, &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), EngineVersion: aws.String("17"), AllowMajorVersionUpgrade: aws.Bool(true)})
	if got := aws.ToString(e.describe(t, "db1").PendingModifiedValues.EngineVersion); got != "17.2" {
		t.Errorf("pending EngineVersion = %s, want 17.2", got)
	}
}

func (e env) hook(t *testing.T, path string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, e.endpoint+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html
// Storage autoscaling grows AllocatedStorage, never beyond
// MaxAllocatedStorage, and only when that is set.
func TestAutoscaleHook(t *testing.T) {
	e := start(t)
	e.available(t, instanceInput("db1"))
	if got := e.hook(t, "/_devcloud/rds/autoscale?id=db1&gb=30"); got != http.StatusConflict {
		t.Errorf("autoscale without MaxAllocatedStorage: %d, want 409", got)
	}
	e.modify(t, &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), MaxAllocatedStorage: aws.Int32(40)})
	if got := e.hook(t, "/_devcloud/rds/autoscale?id=db1&gb=41"); got != http.StatusConflict {
		t.Errorf("autoscale beyond the ceiling: %d, want 409", got)
	}
	if got := e.hook(t, "/_devcloud/rds/autoscale?id=db1&gb=30"); got != http.StatusNoContent {
		t.Fatalf("autoscale to 30: %d, want 204", got)
	}
	if got := aws.ToInt32(e.describe(t, "db1").AllocatedStorage); got != 30 {
		t.Errorf("AllocatedStorage = %d, want 30", got)
	}
}

// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Maintenance.html
// An automatic minor version upgrade moves to a newer minor of the same
// major, and only with AutoMinorVersionUpgrade on.
func TestMinorUpgradeHook(t *testing.T) {
	e := start(t)
	e.available(t, instanceInput("db1"))
	if got := e.hook(t, "/_devcloud/rds/minor-upgrade?id=db1&version=17.2"); got != http.StatusConflict {
		t.Errorf("upgrade to another major: %d, want 409", got)
	}
	if err := e.srv.Service("rds").(interface{ UpgradeMinorVersion(id, v string) error }).UpgradeMinorVersion("db1", "16.4"); err != nil {
		t.Fatalf("UpgradeMinorVersion: %v", err)
	}
	if got := aws.ToString(e.describe(t, "db1").EngineVersion); got != "16.4" {
		t.Errorf("EngineVersion = %s, want 16.4", got)
	}
	e.modify(t, &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), AutoMinorVersionUpgrade: aws.Bool(false)})
	if got := e.hook(t, "/_devcloud/rds/minor-upgrade?id=db1&version=16.6"); got != http.StatusConflict {
		t.Errorf("upgrade with AutoMinorVersionUpgrade off: %d, want 409", got)
	}
}
