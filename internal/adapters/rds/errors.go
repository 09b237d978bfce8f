package rds

import "github.com/everruns/reconciler/internal/adapters/kit"

// Errors is RDS's error table, from the Errors sections of the API
// reference pages of the operations the tier calls (Create/Describe/
// Modify/Delete DBInstance, DBSubnetGroup and DBParameterGroup,
// DescribeDBParameters, ResetDBParameterGroup, RebootDBInstance,
// AddTagsToResource, RemoveTagsFromResource, ListTagsForResource).
var Errors = kit.ErrorTable{
	Service: "RDS",
	NotFound: []string{
		"DBInstanceNotFound", "DBSubnetGroupNotFoundFault", "DBParameterGroupNotFound",
	},
	// The resource is busy (creating, modifying, rebooting): poll.
	NotReady: []string{
		"InvalidDBInstanceState", "InvalidDBSubnetGroupStateFault", "InvalidDBParameterGroupState",
	},
	// No capacity for the class in the zone right now: AWS says to try
	// again later or elsewhere.
	Transient: []string{"InsufficientDBInstanceCapacity"},
	// A name taken by something the identity does not claim, quotas, and
	// inputs AWS refuses whatever the retries.
	Terminal: []string{
		"DBInstanceAlreadyExists", "DBSubnetGroupAlreadyExists", "DBParameterGroupAlreadyExists",
		"InstanceQuotaExceeded", "StorageQuotaExceeded", "DBSubnetGroupQuotaExceeded",
		"DBSubnetQuotaExceededFault", "DBParameterGroupQuotaExceeded",
		"InvalidSubnet", "InvalidVPCNetworkStateFault", "DBSubnetGroupDoesNotCoverEnoughAZs",
		"SubnetAlreadyInUse", "StorageTypeNotSupported", "ProvisionedIopsNotAvailableInAZFault",
		"KMSKeyNotAccessibleFault", "AuthorizationNotFound", "DBSecurityGroupNotFound",
		"DBUpgradeDependencyFailure", "InvalidParameterValue", "InvalidParameterCombination",
	},
}
