// Package sts fakes AWS Security Token Service: GetCallerIdentity and
// AssumeRole, whose temporary credentials devcloud -enforce-iam judges
// against the role's policies.
package sts

//lint:file-ignore SA1019 aws-sdk-go v1 is used only for its wire shapes, as the fake's codec.

import (
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/sts"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Service is the fake STS.
type Service struct {
	env *core.Env

	mu       sync.Mutex
	sessions map[string]core.Session // by access key ID
}

// New returns the fake STS.
func New(env *core.Env) *Service {
	s := &Service{env: env, sessions: map[string]core.Session{}}
	env.Dir.Session = s.session
	return s
}

func (s *Service) Name() string            { return "sts" }
func (s *Service) Protocol() core.Protocol { return core.Query }

func (s *Service) Handlers() map[string]core.Handler {
	return map[string]core.Handler{"GetCallerIdentity": s.getCallerIdentity, "AssumeRole": s.assumeRole}
}

func (s *Service) session(key string) (core.Session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[key]
	return sess, ok
}

// getCallerIdentity follows
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html:
// a role session's credentials answer with the assumed-role ARN, any
// other with the account's user.
func (s *Service) getCallerIdentity(r *core.Request) (any, error) {
	if sess, ok := s.session(r.AccessKey); ok {
		return &v1.GetCallerIdentityOutput{
			Account: aws.String(core.AccountID),
			Arn:     aws.String(sess.AssumedRoleARN),
			UserId:  aws.String(sess.RoleID + ":" + sess.SessionName),
		}, nil
	}
	return &v1.GetCallerIdentityOutput{
		Account: aws.String(core.AccountID),
		Arn:     aws.String("arn:aws:iam::" + core.AccountID + ":user/devcloud"),
		UserId:  aws.String("AIDADEVCLOUDUSER00001"),
	}, nil
}

var sessionName = regexp.MustCompile(`^[\w+=,.@-]*$`)

// assumeRole follows
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html:
// temporary credentials (ASIA… access key, secret, session token) for a
// role that exists, valid DurationSeconds (900 up to the role's
// MaxSessionDuration, default 3600). The role's trust policy is not evaluated: devcloud's
// callers are the account itself.
func (s *Service) assumeRole(r *core.Request) (any, error) {
	var in v1.AssumeRoleInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	roleARN, name := aws.StringValue(in.RoleArn), aws.StringValue(in.RoleSessionName)
	if roleARN == "" {
		return nil, core.MissingParameter("RoleArn")
	}
	if name == "" {
		return nil, core.MissingParameter("RoleSessionName")
	}
	if len(name) < 2 || len(name) > 64 {
		return nil, core.BadRequest("ValidationError", "1 validation error detected: Value '%s' at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64", name)
	}
	if !sessionName.MatchString(name) {
		return nil, core.BadRequest("ValidationError", "1 validation error detected: Value '%s' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*", name)
	}
	var role core.RoleInfo
	ok := false
	if s.env.Dir.Role != nil {
		role, ok = s.env.Dir.Role(roleARN)
	}
	if !ok {
		return nil, core.Errorf(http.StatusForbidden, "AccessDenied", "User: arn:aws:iam::%s:user/devcloud is not authorized to perform: sts:AssumeRole on resource: %s", core.AccountID, roleARN)
	}
	duration := aws.Int64Value(in.DurationSeconds)
	if in.DurationSeconds == nil {
		duration = 3600
	}
	if duration < 900 {
		return nil, core.BadRequest("ValidationError", "1 validation error detected: Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900", duration)
	}
	if duration > role.MaxSession {
		return nil, core.BadRequest("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}
	id := role.ID
	roleName := roleARN[strings.LastIndex(roleARN, "/")+1:]
	sess := core.Session{
		AccessKeyID:    "ASIA" + strings.ToUpper(s.env.IDs.Hex(16)),
		RoleARN:        roleARN,
		AssumedRoleARN: "arn:aws:sts::" + core.AccountID + ":assumed-role/" + roleName + "/" + name,
		RoleID:         id,
		SessionName:    name,
	}
	s.mu.Lock()
	s.sessions[sess.AccessKeyID] = sess
	s.mu.Unlock()
	return &v1.AssumeRoleOutput{
		AssumedRoleUser: &v1.AssumedRoleUser{Arn: aws.String(sess.AssumedRoleARN), AssumedRoleId: aws.String(id + ":" + name)},
		Credentials: &v1.Credentials{
			AccessKeyId:     aws.String(sess.AccessKeyID),
			SecretAccessKey: aws.String(s.env.IDs.Hex(40)),
			SessionToken:    aws.String("FwoGZXIvYXdzE" + s.env.IDs.Hex(64)),
			Expiration:      aws.Time(s.env.Clock.Now().Add(time.Duration(duration) * time.Second).UTC()),
		},
	}, nil
}
