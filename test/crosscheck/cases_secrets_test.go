//go:build kumo

package crosscheck

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

const smRef = "https://docs.aws.amazon.com/secretsmanager/latest/apireference/"

// punctuation is the set GetRandomPassword's ExcludePunctuation removes.
const punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

func createSecret(ctx context.Context, c *secretsmanager.Client, name, value string) (*secretsmanager.CreateSecretOutput, error) {
	return c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String(value)})
}

// scheduleDeletion creates a secret and deletes it with a recovery window.
func scheduleDeletion(ctx context.Context, c *secretsmanager.Client, name string) error {
	if _, err := createSecret(ctx, c, name, "v1"); err != nil {
		return err
	}
	_, err := c.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String(name), RecoveryWindowInDays: aws.Int64(7)})
	return err
}

func secretsCases() []testCase {
	return []testCase{
		{
			name: "secretsmanager: CreateSecret twice", ref: smRef + "API_CreateSecret.html",
			want: "error:ResourceExistsException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := secretsmanager.NewFromConfig(cfg)
				if _, err := createSecret(ctx, c, p+"/db", "v1"); err != nil {
					return "first " + errorOutcome(err)
				}
				_, err := createSecret(ctx, c, p+"/db", "v1")
				return outcome(err)
			},
		},
		{
			name: "secretsmanager: GetSecretValue of a missing secret", ref: smRef + "API_GetSecretValue.html",
			want: "error:ResourceNotFoundException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				_, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(p + "/missing")})
				return outcome(err)
			},
		},
		{
			name: "secretsmanager: PutSecretValue moves AWSCURRENT to the new version and AWSPREVIOUS to the old", ref: smRef + "API_PutSecretValue.html",
			want: "ok:new=AWSCURRENT,old=AWSPREVIOUS",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := secretsmanager.NewFromConfig(cfg)
				first, err := createSecret(ctx, c, p+"/db", "v1")
				if err != nil {
					return "setup " + errorOutcome(err)
				}
				put, err := c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String(p + "/db"), SecretString: aws.String("v2")})
				if err != nil {
					return errorOutcome(err)
				}
				d, err := c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(p + "/db")})
				if err != nil {
					return "describe " + errorOutcome(err)
				}
				stages := d.VersionIdsToStages
				return "ok:new=" + labels(stages[aws.ToString(put.VersionId)]) + ",old=" + labels(stages[aws.ToString(first.VersionId)])
			},
		},
		{
			name: "secretsmanager: GetSecretValue by AWSPREVIOUS after PutSecretValue", ref: smRef + "API_GetSecretValue.html",
			want: "ok:previous=v1,current=v2",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := secretsmanager.NewFromConfig(cfg)
				if _, err := createSecret(ctx, c, p+"/db", "v1"); err != nil {
					return "setup " + errorOutcome(err)
				}
				if _, err := c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String(p + "/db"), SecretString: aws.String("v2")}); err != nil {
					return errorOutcome(err)
				}
				prev, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(p + "/db"), VersionStage: aws.String("AWSPREVIOUS")})
				if err != nil {
					return "previous " + errorOutcome(err)
				}
				cur, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(p + "/db")})
				if err != nil {
					return "current " + errorOutcome(err)
				}
				return "ok:previous=" + aws.ToString(prev.SecretString) + ",current=" + aws.ToString(cur.SecretString)
			},
		},
		{
			name: "secretsmanager: CreateSecret with the name of a secret scheduled for deletion", ref: smRef + "API_CreateSecret.html",
			want: "error:InvalidRequestException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := secretsmanager.NewFromConfig(cfg)
				if err := scheduleDeletion(ctx, c, p+"/db"); err != nil {
					return "setup " + errorOutcome(err)
				}
				_, err := createSecret(ctx, c, p+"/db", "v2")
				return outcome(err)
			},
		},
		{
			name: "secretsmanager: GetSecretValue of a secret scheduled for deletion", ref: smRef + "API_GetSecretValue.html",
			want: "error:InvalidRequestException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := secretsmanager.NewFromConfig(cfg)
				if err := scheduleDeletion(ctx, c, p+"/db"); err != nil {
					return "setup " + errorOutcome(err)
				}
				_, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(p + "/db")})
				return outcome(err)
			},
		},
		{
			name: "secretsmanager: DeleteSecret with both ForceDeleteWithoutRecovery and RecoveryWindowInDays", ref: smRef + "API_DeleteSecret.html",
			want: "error:InvalidParameterException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := secretsmanager.NewFromConfig(cfg)
				if _, err := createSecret(ctx, c, p+"/db", "v1"); err != nil {
					return "setup " + errorOutcome(err)
				}
				_, err := c.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String(p + "/db"), ForceDeleteWithoutRecovery: aws.Bool(true), RecoveryWindowInDays: aws.Int64(7)})
				return outcome(err)
			},
		},
		{
			name: "secretsmanager: DeleteSecret with a 3-day recovery window (7 to 30 allowed)", ref: smRef + "API_DeleteSecret.html",
			want: "error:InvalidParameterException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := secretsmanager.NewFromConfig(cfg)
				if _, err := createSecret(ctx, c, p+"/db", "v1"); err != nil {
					return "setup " + errorOutcome(err)
				}
				_, err := c.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String(p + "/db"), RecoveryWindowInDays: aws.Int64(3)})
				return outcome(err)
			},
		},
		{
			name: "secretsmanager: DeleteSecret forced on a missing secret does not fail", ref: smRef + "API_DeleteSecret.html",
			want: "ok",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				_, err := secretsmanager.NewFromConfig(cfg).DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String(p + "/missing"), ForceDeleteWithoutRecovery: aws.Bool(true)})
				return outcome(err)
			},
		},
		{
			name: "secretsmanager: GetRandomPassword honours PasswordLength and ExcludePunctuation", ref: smRef + "API_GetRandomPassword.html",
			want: "ok:length=20,no punctuation",
			run: func(ctx context.Context, cfg aws.Config, _ string) string {
				out, err := secretsmanager.NewFromConfig(cfg).GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordInput{PasswordLength: aws.Int64(20), ExcludePunctuation: aws.Bool(true)})
				if err != nil {
					return errorOutcome(err)
				}
				pw := aws.ToString(out.RandomPassword)
				s := "ok:length=" + strconv.Itoa(len(pw))
				if strings.ContainsAny(pw, punctuation) {
					return s + ",punctuation"
				}
				return s + ",no punctuation"
			},
		},
		{
			name: "secretsmanager: GetRandomPassword is 32 characters by default", ref: smRef + "API_GetRandomPassword.html",
			want: "ok:length=32",
			run: func(ctx context.Context, cfg aws.Config, _ string) string {
				out, err := secretsmanager.NewFromConfig(cfg).GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordInput{})
				if err != nil {
					return errorOutcome(err)
				}
				return "ok:length=" + strconv.Itoa(len(aws.ToString(out.RandomPassword)))
			},
		},
		{
			// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Filter.html: name is a case-sensitive prefix match.
			name: "secretsmanager: ListSecrets with a name filter is a prefix match", ref: smRef + "API_ListSecrets.html",
			want: "ok:app/a,app/b",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := secretsmanager.NewFromConfig(cfg)
				for _, n := range []string{"app/a", "app/b", "db/app", "App/c"} {
					if _, err := createSecret(ctx, c, p+"/"+n, "v"); err != nil {
						return "setup " + errorOutcome(err)
					}
				}
				out, err := c.ListSecrets(ctx, &secretsmanager.ListSecretsInput{Filters: []types.Filter{{Key: types.FilterNameStringTypeName, Values: []string{p + "/app"}}}})
				if err != nil {
					return errorOutcome(err)
				}
				var names []string
				others := false
				for _, s := range out.SecretList {
					name, ours := strings.CutPrefix(aws.ToString(s.Name), p+"/")
					if !ours {
						others = true // another case's secret: its name varies by run
						continue
					}
					names = append(names, name)
				}
				sort.Strings(names)
				if others {
					names = append(names, "secrets of other cases")
				}
				return "ok:" + strings.Join(names, ",")
			},
		},
		{
			name: "secretsmanager: TagResource then DescribeSecret shows the tag", ref: smRef + "API_TagResource.html",
			want: "ok:Project=everruns",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := secretsmanager.NewFromConfig(cfg)
				if _, err := createSecret(ctx, c, p+"/db", "v1"); err != nil {
					return "setup " + errorOutcome(err)
				}
				if _, err := c.TagResource(ctx, &secretsmanager.TagResourceInput{SecretId: aws.String(p + "/db"), Tags: []types.Tag{{Key: aws.String("Project"), Value: aws.String("everruns")}}}); err != nil {
					return errorOutcome(err)
				}
				d, err := c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(p + "/db")})
				if err != nil {
					return "describe " + errorOutcome(err)
				}
				tags := map[string]string{}
				for _, tg := range d.Tags {
					tags[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
				}
				return "ok:" + joinTags(tags)
			},
		},
	}
}

func labels(stages []string) string {
	if len(stages) == 0 {
		return "none"
	}
	s := append([]string(nil), stages...)
	sort.Strings(s)
	return strings.Join(s, "+")
}
