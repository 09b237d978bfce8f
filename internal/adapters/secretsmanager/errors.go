package secretsmanager

import (
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Errors is Secrets Manager's error table, from the Errors section of each
// operation this package calls in the Secrets Manager API reference
// (ListSecrets, DescribeSecret, GetSecretValue, CreateSecret,
// PutSecretValue, UpdateSecret, TagResource, UntagResource,
// RestoreSecret, GetRandomPassword).
var Errors = kit.ErrorTable{
	Service:  "Secrets Manager",
	NotFound: []string{"ResourceNotFoundException"},
	// InternalServiceError: "An error occurred on the server side."
	Transient: []string{"InternalServiceError"},
	// InvalidRequestException covers a secret marked for deletion and a
	// name held by a secret scheduled for deletion: the adapter restores
	// its own secrets before writing, so one reaching the engine is for a
	// person. Encryption and decryption failures are KMS key problems.
	Terminal: []string{
		"InvalidParameterException", "InvalidRequestException", "ResourceExistsException",
		"LimitExceededException", "EncryptionFailure", "DecryptionFailure",
		"MalformedPolicyDocumentException", "PreconditionNotMetException", "InvalidNextTokenException",
	},
}

// rdsError classifies the RDS answers of the credentials' calls here:
// the RDS tier registers RDS's table, and a service's table is registered
// once. An instance not found yet, or busy (modifying, backing up), is
// polled; anything else is left to the classifier's HTTP-status fallback.
func rdsError(err error) error {
	switch kit.Code(err) {
	case "DBInstanceNotFound", "DBInstanceNotFoundFault", "InvalidDBInstanceState", "InvalidDBInstanceStateFault":
		return reconcile.NotReady(err)
	}
	return err
}
