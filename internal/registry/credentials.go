package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// Basic is a registry's username and password. Never logged, never in an
// error: it is a secret value.
type Basic struct {
	Username, Password string
}

// CredentialsReader reads a registry credentials secret by its Secrets
// Manager name.
type CredentialsReader interface {
	Credentials(ctx context.Context, secretName string) (Basic, error)
}

// secretValueAPI is the one Secrets Manager call the reader makes.
type secretValueAPI interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// SecretsManager reads credentials from a secret whose value is the JSON
// object {"username": …, "password": …} (the file's registry_credentials
// rule), as the execution role does when a task pulls the image.
type SecretsManager struct{ API secretValueAPI }

// NewSecretsManager returns a reader over cfg.
func NewSecretsManager(cfg aws.Config) *SecretsManager {
	return &SecretsManager{API: secretsmanager.NewFromConfig(cfg)}
}

// errNotCredentials never says why the value did not parse: a JSON error
// can quote the value.
var errNotCredentials = errors.New("the value is not a JSON object with a username and a password")

// Credentials reads the secret's current value. The errors name what was
// wrong, never what the value holds.
func (s *SecretsManager) Credentials(ctx context.Context, secretName string) (Basic, error) {
	out, err := s.API.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(secretName)})
	if err != nil {
		return Basic{}, fmt.Errorf("read secret %s: %w", secretName, err)
	}
	var v struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if out.SecretString == nil || json.Unmarshal([]byte(*out.SecretString), &v) != nil || v.Username == "" || v.Password == "" {
		return Basic{}, fmt.Errorf("secret %s: %w", secretName, errNotCredentials)
	}
	return Basic{Username: v.Username, Password: v.Password}, nil
}
