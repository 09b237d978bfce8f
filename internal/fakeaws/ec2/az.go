package ec2

import (
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type zone struct{ name, id string }

// zoneLetters is how many zones a region offers: us-east-1 has six (a–f),
// the fake gives every other region three.
func zoneLetters(region string) string {
	if region == "us-east-1" {
		return "abcdef"
	}
	return "abc"
}

// zones lists a region's availability zones with their zone IDs
// (us-east-1a → use1-az1). Real accounts map names to IDs differently; a
// fixed mapping is enough for a fake.
func zones(region string) []zone {
	var out []zone
	for i, l := range zoneLetters(region) {
		out = append(out, zone{name: region + string(l), id: regionCode(region) + "-az" + strconv.Itoa(i+1)})
	}
	return out
}

// regionCode abbreviates a region as zone IDs do: us-east-1 → use1,
// ap-southeast-2 → apse2.
func regionCode(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) != 3 {
		return region
	}
	dir := map[string]string{"north": "n", "south": "s", "east": "e", "west": "w", "central": "c",
		"northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw"}[parts[1]]
	if dir == "" {
		dir = parts[1][:1]
	}
	return parts[0] + dir + parts[2]
}

// zoneByNameOrID finds a zone of the region.
func zoneByNameOrID(region, name, id string) (zone, bool) {
	for _, z := range zones(region) {
		if (name != "" && z.name == name) || (name == "" && z.id == id) {
			return z, true
		}
	}
	return zone{}, false
}

var zoneFields = fields[zone]{
	"zone-name":            func(z zone) []string { return one(z.name) },
	"zone-id":              func(z zone) []string { return one(z.id) },
	"region-name":          func(z zone) []string { return one(z.name[:len(z.name)-1]) },
	"state":                func(zone) []string { return one("available") },
	"zone-type":            func(zone) []string { return one("availability-zone") },
	"opt-in-status":        func(zone) []string { return one("opt-in-not-required") },
	"group-name":           func(z zone) []string { return one(z.name[:len(z.name)-1]) },
	"network-border-group": func(z zone) []string { return one(z.name[:len(z.name)-1]) },
}

// describeAvailabilityZones follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html
// for the zones of the request's region.
func (s *Service) describeAvailabilityZones(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeAvailabilityZonesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	m, err := compile(zoneFields, in.Filters)
	if err != nil {
		return nil, err
	}
	for _, n := range in.ZoneNames {
		if _, ok := zoneByNameOrID(st.region, deref(n), ""); !ok {
			return nil, core.BadRequest("InvalidParameterValue", "The zone '%s' does not exist.", deref(n))
		}
	}
	for _, n := range in.ZoneIds {
		if _, ok := zoneByNameOrID(st.region, "", deref(n)); !ok {
			return nil, core.BadRequest("InvalidParameterValue", "The zone ID '%s' does not exist.", deref(n))
		}
	}
	out := &ec2.DescribeAvailabilityZonesOutput{AvailabilityZones: []*ec2.AvailabilityZone{}}
	for _, z := range zones(st.region) {
		if !m.match(z, nil) || !listed(z.name, in.ZoneNames) || !listed(z.id, in.ZoneIds) {
			continue
		}
		region := z.name[:len(z.name)-1]
		out.AvailabilityZones = append(out.AvailabilityZones, &ec2.AvailabilityZone{
			ZoneName: aws.String(z.name), ZoneId: aws.String(z.id), RegionName: aws.String(region),
			State: aws.String("available"), ZoneType: aws.String("availability-zone"),
			OptInStatus: aws.String("opt-in-not-required"), GroupName: aws.String(region),
			NetworkBorderGroup: aws.String(region), Messages: []*ec2.AvailabilityZoneMessage{},
		})
	}
	return out, nil
}

// listed reports whether s is among the asked values, or nothing was asked.
func listed(s string, asked []*string) bool {
	if len(asked) == 0 {
		return true
	}
	for _, a := range asked {
		if deref(a) == s {
			return true
		}
	}
	return false
}
