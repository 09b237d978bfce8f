package ec2

import (
	"regexp"
	"strings"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// kind describes one resource type: its ID prefix, the resource type name
// that tags and TagSpecifications use, and the error codes the API
// reference gives for an ID that does not exist or is not well formed.
type kind struct {
	prefix, resourceType string
	notFound, malformed  string
	noun                 string
}

var (
	kindVPC    = kind{"vpc", "vpc", "InvalidVpcID.NotFound", "InvalidVpcID.Malformed", "vpc ID"}
	kindSubnet = kind{"subnet", "subnet", "InvalidSubnetID.NotFound", "InvalidSubnetID.Malformed", "subnet ID"}
	kindIGW    = kind{"igw", "internet-gateway", "InvalidInternetGatewayID.NotFound", "InvalidInternetGatewayID.Malformed", "internetGateway ID"}
	kindEIP    = kind{"eipalloc", "elastic-ip", "InvalidAllocationID.NotFound", "InvalidAllocationID.Malformed", "allocation ID"}
	kindNAT    = kind{"nat", "natgateway", "NatGatewayNotFound", "NatGatewayMalformed", "NAT gateway ID"}
	kindRTB    = kind{"rtb", "route-table", "InvalidRouteTableID.NotFound", "InvalidRouteTableID.Malformed", "routeTable ID"}
	kindSG     = kind{"sg", "security-group", "InvalidGroup.NotFound", "InvalidGroupId.Malformed", "security group"}
	kindSGR    = kind{"sgr", "security-group-rule", "InvalidSecurityGroupRuleId.NotFound", "InvalidSecurityGroupRuleId.Malformed", "security group rule ID"}

	kinds = []kind{kindVPC, kindSubnet, kindIGW, kindEIP, kindNAT, kindRTB, kindSG, kindSGR}
)

// ec2ID is the shape of every EC2 ID: the prefix, then 8 (older) or 17
// hex digits.
var ec2ID = regexp.MustCompile(`^([a-z]+)-[0-9a-f]{8}(?:[0-9a-f]{9})?$`)

// missing is the error for an ID of kind k that names nothing: Malformed if
// it cannot be such an ID, NotFound otherwise.
func (k kind) missing(id string) error {
	if m := ec2ID.FindStringSubmatch(id); m == nil || m[1] != k.prefix {
		return core.BadRequest(k.malformed, "Invalid id: \"%s\"", id)
	}
	return core.NotFound(k.notFound, "The %s '%s' does not exist", k.noun, id)
}

// kindOf finds the kind of an ID by its prefix.
func kindOf(id string) (kind, bool) {
	prefix, _, _ := strings.Cut(id, "-")
	for _, k := range kinds {
		if k.prefix == prefix {
			return k, true
		}
	}
	return kind{}, false
}

// exists reports whether a taggable resource with this ID exists.
func (st *state) exists(id string) bool {
	k, ok := kindOf(id)
	if !ok {
		return false
	}
	switch k.prefix {
	case "vpc":
		return st.vpcs[id] != nil
	case "subnet":
		return st.subnets[id] != nil
	case "igw":
		return st.igws[id] != nil
	case "eipalloc":
		return st.addresses[id] != nil
	case "nat":
		n := st.nats[id]
		return n != nil && n.visible(st.now(), st.env.Timing.NATGateway)
	case "rtb":
		return st.tables[id] != nil
	case "sg":
		return st.groups[id] != nil
	case "sgr":
		_, r := st.findRule(id)
		return r != nil
	}
	return false
}
