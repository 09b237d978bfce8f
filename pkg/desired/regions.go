package desired

// regionZones lists the AWS commercial and GovCloud regions and the letters
// of their availability zones. Zone letters map to physical zones per
// account; this table holds the letters every account can use, so a letter
// absent here is almost certainly a typo.
var regionZones = map[string]string{
	"us-east-1":      "abcdef",
	"us-east-2":      "abc",
	"us-west-1":      "abc",
	"us-west-2":      "abcd",
	"af-south-1":     "abc",
	"ap-east-1":      "abc",
	"ap-east-2":      "abc",
	"ap-south-1":     "abc",
	"ap-south-2":     "abc",
	"ap-southeast-1": "abc",
	"ap-southeast-2": "abc",
	"ap-southeast-3": "abc",
	"ap-southeast-4": "abc",
	"ap-southeast-5": "abc",
	"ap-southeast-7": "abc",
	"ap-northeast-1": "acd",
	"ap-northeast-2": "abcd",
	"ap-northeast-3": "abc",
	"ca-central-1":   "abd",
	"ca-west-1":      "abc",
	"eu-central-1":   "abc",
	"eu-central-2":   "abc",
	"eu-west-1":      "abc",
	"eu-west-2":      "abc",
	"eu-west-3":      "abc",
	"eu-south-1":     "abc",
	"eu-south-2":     "abc",
	"eu-north-1":     "abc",
	"il-central-1":   "abc",
	"me-south-1":     "abc",
	"me-central-1":   "abc",
	"mx-central-1":   "abc",
	"sa-east-1":      "abc",
	"us-gov-east-1":  "abc",
	"us-gov-west-1":  "abc",
}

// zoneLetter returns the letter of zone in region, or "" when zone is not
// one of the region's zones.
func zoneLetter(region, zone string) string {
	letters, ok := regionZones[region]
	if !ok || len(zone) != len(region)+1 || zone[:len(region)] != region {
		return ""
	}
	l := zone[len(region):]
	for _, c := range letters {
		if string(c) == l {
			return l
		}
	}
	return ""
}
