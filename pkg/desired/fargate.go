package desired

// fargateMemory lists, per CPU unit count, the memory sizes (MiB) that
// Fargate accepts for a Linux task.
var fargateMemory = func() map[int][]int {
	step := func(from, to, by int) []int {
		var out []int
		for m := from; m <= to; m += by {
			out = append(out, m)
		}
		return out
	}
	return map[int][]int{
		256:   {512, 1024, 2048},
		512:   step(1024, 4096, 1024),
		1024:  step(2048, 8192, 1024),
		2048:  step(4096, 16384, 1024),
		4096:  step(8192, 30720, 1024),
		8192:  step(16384, 61440, 4096),
		16384: step(32768, 122880, 8192),
	}
}()

// fargateSizeOK reports whether Fargate accepts the cpu/memory pair.
func fargateSizeOK(cpu, memory int) bool {
	for _, m := range fargateMemory[cpu] {
		if m == memory {
			return true
		}
	}
	return false
}
