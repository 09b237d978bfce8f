package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/cli"
	fakerds "github.com/everruns/reconciler/internal/fakeaws/rds"
)

// dtDrift is one out-of-band change: made through the API as a person (or
// AWS) would, and what diff must say of it. An empty address means it is
// not drift.
type dtDrift struct {
	name, address, action, field string
	change                       func(*testing.T, *dtSession)
}

func dtModify(in rds.ModifyDBInstanceInput) func(*testing.T, *dtSession) {
	return func(t *testing.T, s *dtSession) {
		in.DBInstanceIdentifier = aws.String(dbID)
		_, err := s.rds.ModifyDBInstance(t.Context(), &in)
		must(t, "ModifyDBInstance", err)
	}
}

// The drift catalogue of the data tiers, through the command line: each
// change is detected by diff (exit 2) at its address with its action and
// field, repaired by apply, and diff then exits 0 with only reads. What
// AWS does by itself within the file's bounds is not drift.
func TestDataTierDriftCatalogueThroughTheCommandLine(t *testing.T) {
	s := newDTSession(t)
	s.converge()
	for _, c := range dtCatalogue() {
		t.Run(c.name, func(t *testing.T) {
			s.t = t
			c.change(t, s)
			dbAvailable(t, s.rds)
			code, r, out := s.diff()
			if c.address == "" {
				if code != cli.ExitOK || !r.InSync {
					t.Fatalf("diff: exit %d, want 0 (not drift)\n%s", code, out)
				}
				return
			}
			ch := r.at(c.address)
			if code != cli.ExitChanges || ch.Action != c.action || (c.field != "" && !ch.has(c.field)) {
				t.Fatalf("diff: exit %d, %s %+v; want %s of %s\n%s", code, c.address, ch, c.action, c.field, out)
			}
			s.apply()
			if c.address == "certificate.main" {
				s.validate() // the new certificate's CNAME, as before
			}
			s.wantInSyncReadOnly()
		})
	}
	s.t = t
	dtScan(t, s.out, s.secretValues())
}

func dtCatalogue() []dtDrift {
	return []dtDrift{
		{"backup retention changed", "database.instance", "update", "backup_retention_period", dtModify(rds.ModifyDBInstanceInput{BackupRetentionPeriod: aws.Int32(3)})},
		{"deletion protection off", "database.instance", "update", "deletion_protection", dtModify(rds.ModifyDBInstanceInput{DeletionProtection: aws.Bool(false)})},
		{"instance class changed", "database.instance", "update", "instance_class", dtModify(rds.ModifyDBInstanceInput{DBInstanceClass: aws.String("db.t4g.small"), ApplyImmediately: aws.Bool(true)})},
		{"publicly accessible on", "database.instance", "update", "publicly_accessible", dtModify(rds.ModifyDBInstanceInput{PubliclyAccessible: aws.Bool(true)})},
		{"security groups changed", "database.instance", "update", "vpc_security_group_ids", func(t *testing.T, s *dtSession) {
			out, err := s.f.ec2.DescribeSecurityGroups(t.Context(), &ec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{{Name: aws.String("group-name"), Values: []string{"default"}}}})
			must(t, "DescribeSecurityGroups", err)
			dtModify(rds.ModifyDBInstanceInput{VpcSecurityGroupIds: []string{aws.ToString(out.SecurityGroups[0].GroupId)}})(t, s)
		}},
		{"rds.force_ssl set to 0", "database.parameter_group", "update", "parameters.rds.force_ssl", func(t *testing.T, s *dtSession) {
			_, err := s.rds.ModifyDBParameterGroup(t.Context(), &rds.ModifyDBParameterGroupInput{DBParameterGroupName: aws.String(dbID + "-postgres16"),
				Parameters: []rdstypes.Parameter{{ParameterName: aws.String("rds.force_ssl"), ParameterValue: aws.String("0"), ApplyMethod: rdstypes.ApplyMethodImmediate}}})
			must(t, "ModifyDBParameterGroup", err)
		}},
		{"instance tags removed", "database.instance", "update", "tags.Name", func(t *testing.T, s *dtSession) {
			out, err := s.rds.DescribeDBInstances(t.Context(), &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(dbID)})
			must(t, "DescribeDBInstances", err)
			_, err = s.rds.RemoveTagsFromResource(t.Context(), &rds.RemoveTagsFromResourceInput{ResourceName: out.DBInstances[0].DBInstanceArn, TagKeys: []string{"Name", "ManagedBy"}})
			must(t, "RemoveTagsFromResource", err)
		}},
		{"parameter group tags removed", "database.parameter_group", "update", "tags.Name", func(t *testing.T, s *dtSession) {
			out, err := s.rds.DescribeDBParameterGroups(t.Context(), &rds.DescribeDBParameterGroupsInput{DBParameterGroupName: aws.String(dbID + "-postgres16")})
			must(t, "DescribeDBParameterGroups", err)
			_, err = s.rds.RemoveTagsFromResource(t.Context(), &rds.RemoveTagsFromResourceInput{ResourceName: out.DBParameterGroups[0].DBParameterGroupArn, TagKeys: []string{"Name", "ManagedBy"}})
			must(t, "RemoveTagsFromResource", err)
		}},
		{"secret tags removed", "secrets.openai", "update", "tags.Name", func(t *testing.T, s *dtSession) {
			_, err := s.sm.UntagResource(t.Context(), &sm.UntagResourceInput{SecretId: aws.String("everruns/production/openai-api-key"), TagKeys: []string{"ManagedBy", "Name"}})
			must(t, "UntagResource", err)
		}},
		{"secret scheduled for deletion", "secrets.ghcr", "update", "keys", func(t *testing.T, s *dtSession) {
			_, err := s.sm.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: aws.String("everruns/production/ghcr"), RecoveryWindowInDays: aws.Int64(7)})
			must(t, "DeleteSecret", err)
		}},
		{"database secret force-deleted", "secrets.database", "create", "", func(t *testing.T, s *dtSession) {
			_, err := s.sm.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: aws.String(dtDBSecret), ForceDeleteWithoutRecovery: aws.Bool(true)})
			must(t, "DeleteSecret", err)
		}},
		{"certificate deleted", "certificate.main", "create", "", func(t *testing.T, s *dtSession) {
			_, err := s.acm.DeleteCertificate(t.Context(), &acm.DeleteCertificateInput{CertificateArn: s.certificate().CertificateArn})
			must(t, "DeleteCertificate", err)
		}},
		{"storage grown by autoscaling", "", "", "", func(t *testing.T, s *dtSession) {
			must(t, "autoscale", s.f.srv.Service("rds").(*fakerds.Service).AutoscaleStorage(dbID, 35))
		}},
		{"minor version upgraded by AWS", "", "", "", func(t *testing.T, s *dtSession) {
			must(t, "minor upgrade", s.f.srv.Service("rds").(*fakerds.Service).UpgradeMinorVersion(dbID, "16.6"))
		}},
	}
}
