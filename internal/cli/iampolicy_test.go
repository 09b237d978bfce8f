package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/everruns/reconciler/pkg/iampolicy"
)

const shippedFile = "../../deploy/environment.yaml"

// The shipped file's policy must fit in an inline role policy: IAM's
// limit is 10,240 characters, whitespace not counted.
func TestIAMPolicyOfTheShippedFileFitsAnInlinePolicy(t *testing.T) {
	code, out, errOut := run(t, "iam-policy", "-f", shippedFile, "--lease-table", "reconciler-lease", "--account", "123456789012")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc iampolicy.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	// The daemon deletes only the empty twins it heals (ec2:DeleteVpc and
	// the like); never a NAT gateway or a database.
	if !doc.Allows("dynamodb:UpdateItem") || !doc.Allows("secretsmanager:GetSecretValue") || doc.Allows("ec2:DeleteNatGateway") ||
		doc.Allows("rds:DeleteDBInstance") {
		t.Errorf("lease, secret values allowed and no delete: %v", doc.Actions())
	}
	size := len(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, out))
	if size > 10240 {
		t.Errorf("policy is %d characters, over IAM's 10,240 for inline policies", size)
	}
	if !strings.Contains(out, "arn:aws:secretsmanager:us-east-1:123456789012:secret:") {
		t.Errorf("secrets not scoped to the account's ARNs")
	}
}

func TestIAMPolicyFlags(t *testing.T) {
	for _, args := range [][]string{
		{"iam-policy", "-f", shippedFile, "--account", "12"},
		{"iam-policy", "-f", "no-such-file.yaml"},
	} {
		if code, _, _ := run(t, args...); code != ExitError {
			t.Errorf("%v: exit %d, want 1", args, code)
		}
	}
	_, out, _ := run(t, "iam-policy", "-f", shippedFile, "--allow-replace")
	if !strings.Contains(out, "ec2:DeleteVpc") {
		t.Error("--allow-replace does not allow a replacement's deletes")
	}
}
