# Every --method, --normalize and --clip against values worked out by hand.
# Masks: A (20x10) 150 px of 0 and 50 of 1; B (10x10) 50 of 0, 50 of 2.
# So P = [200, 50, 50], I = [2, 1, 1], T = [300, 200, 100],
# share = P / 300 = [2/3, 1/6, 1/6], freq = P / T = [2/3, 1/4, 1/2].
# suites: plain
"$B/mkpng" a.png -w 20 -h 10 --values 0,0,0,1
"$B/mkpng" b.png -w 10 -h 10 --values 0,2

# near JSON-ARRAY: weights of the last run equal the array (1e-12 rel).
near() {
	js ".weights" >got
	jq -n --argjson g "$(cat got)" --argjson e "$1" \
	    '[$g, $e] | transpose | map(((.[0] - .[1]) | fabs) <=
	    1e-12 * (.[1] | fabs) + 1e-300) | all' | grep -q true ||
	    die "weights $(cat got), expected $1"
}

# median: median(freq) = 1/2 (odd count); weight = 0.5 / freq.
run "$MFW" -q -c 3 a.png b.png; expect_rc 0
near '[0.75, 2, 1]'
eq "$(js .median_frequency)" 0.5 median
eq "$(js .share)" '[0.6666666666666666,0.16666666666666666,0.16666666666666666]'

# inverse: 1 / share.
run "$MFW" -q -c 3 --method inverse a.png b.png; near '[1.5, 6, 6]'
# inverse-sqrt: 1 / sqrt(share).
run "$MFW" -q -c 3 --method inverse-sqrt a.png b.png
near '[1.224744871391589, 2.449489742783178, 2.449489742783178]'
# enet: 1 / ln(1.02 + share); --enet-k changes k.
run "$MFW" -q -c 3 --method enet a.png b.png
near "$(python3 -c 'import math; print([1/math.log(1.02+s) for s in (2/3, 1/6, 1/6)])')"
run "$MFW" -q -c 3 --method enet --enet-k 1.5 a.png b.png
near "$(python3 -c 'import math; print([1/math.log(1.5+s) for s in (2/3, 1/6, 1/6)])')"
# balanced: sum(P) / (K * P) = 300 / (3 P).
run "$MFW" -q -c 3 --method balanced a.png b.png; near '[0.5, 2, 2]'
# effective: (1 - b) / (1 - b^P), then scaled so the weights average 1.
run "$MFW" -q -c 3 --method effective --beta 0.99 a.png b.png
near "$(python3 -c '
e = [0.01 / (1 - 0.99 ** p) for p in (200, 50, 50)]
print([3 * x / sum(e) for x in e])')"
run "$MFW" -q -c 3 --method effective --beta 0.99 --normalize none a.png b.png
near "$(python3 -c 'print([0.01 / (1 - 0.99 ** p) for p in (200, 50, 50)])')"

# Normalisation of median weights [0.75, 2, 1] (sum 3.75, max 2).
run "$MFW" -q -c 3 --normalize sum a.png b.png; near '[0.2, 0.5333333333333333, 0.26666666666666666]'
run "$MFW" -q -c 3 --normalize max a.png b.png; near '[0.375, 1, 0.5]'
run "$MFW" -q -c 3 --normalize mean a.png b.png; near '[0.6, 1.6, 0.8]'
# Clipping comes last.
run "$MFW" -q -c 3 --clip 0.8:1.5 a.png b.png; near '[0.8, 1.5, 1]'

# Absent (class 3) and ignored (class 1) classes stay 0 under every step.
for m in median inverse inverse-sqrt enet effective balanced; do
	for n in none mean sum max; do
		run "$MFW" -q -c 4 -i 1 --method $m --normalize $n \
		    --clip 0.01:100 a.png b.png
		expect_rc 0
		eq "$(js '[.weights[1], .weights[3]]')" '[0,0]' "$m/$n zeros"
		eq "$(js .absent)" '[3]' absent
		eq "$(js .ignored)" '[1]' ignored
	done
done
# With class 1 ignored, A counts 150 px: T = [250, 0, 100].
run "$MFW" -q -c 3 -i 1 a.png b.png
eq "$(js .image_pixels)" '[250,0,100]' T
# freq = [200/250, 0, 1/2]: an even count, median = (0.8 + 0.5) / 2.
near '[0.8125, 0, 1.3]'

# Bad values are usage errors.
run "$MFW" --method nope a.png; expect_rc 2
run "$MFW" --clip 2:1 a.png; expect_rc 2
run "$MFW" --beta 1 a.png; expect_rc 2
run "$MFW" --enet-k 0.5 a.png; expect_rc 2
