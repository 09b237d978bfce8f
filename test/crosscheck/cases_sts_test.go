//go:build kumo

package crosscheck

import (
	"context"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

const stsRef = "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html"

func stsCases() []testCase {
	return []testCase{
		{
			name: "sts: GetCallerIdentity gives a 12-digit account", ref: stsRef,
			want: "ok:account=12 digits",
			run: func(ctx context.Context, cfg aws.Config, _ string) string {
				out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
				if err != nil {
					return errorOutcome(err)
				}
				if regexp.MustCompile(`^[0-9]{12}$`).MatchString(aws.ToString(out.Account)) {
					return "ok:account=12 digits"
				}
				return "ok:account=" + aws.ToString(out.Account)
			},
		},
		{
			name: "sts: GetCallerIdentity's ARN names the same account", ref: stsRef,
			want: "ok:arn in account",
			run: func(ctx context.Context, cfg aws.Config, _ string) string {
				out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
				if err != nil {
					return errorOutcome(err)
				}
				parts := strings.Split(aws.ToString(out.Arn), ":")
				if len(parts) >= 6 && parts[0] == "arn" && parts[4] == aws.ToString(out.Account) {
					return "ok:arn in account"
				}
				return "ok:arn=" + aws.ToString(out.Arn)
			},
		},
	}
}
