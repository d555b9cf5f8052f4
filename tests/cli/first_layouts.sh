# first_layouts: a walk without --include that meets a known data-set
# layout keeping masks of several kinds side by side (Cityscapes
# families, PASCAL VOC SegmentationClass beside SegmentationObject,
# CamVid's photos beside their annot folders, labels beside instances)
# stops before counting (exit 2, stdout empty) and says which --include or
# folder to give; that fix gives weights.  A plain tree, and any run with
# --include, are unaffected.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

# Cityscapes: gtFine/SPLIT/CITY/CITY_SEQ_FRAME_gtFine_KIND.png
for split in train val; do
	for city in aachen bochum; do
		d=cs/gtFine/$split/$city
		mkdir -p $d
		for f in 000019 000020; do
			b=$d/${city}_000000_${f}_gtFine
			"$MK" ${b}_labelIds.png -w 16 -h 8 --values 0,7,8,26
			"$MK" ${b}_labelTrainIds.png -w 16 -h 8 \
			    --values 0,1,13,255
			"$MK" ${b}_instanceIds.png -w 16 -h 8 --depth 16 \
			    --values 0,7,26001,26002
			"$MK" ${b}_color.png -w 16 -h 8 --type rgb
			echo '{}' >${b}_polygons.json
		done
	done
done
for root in cs cs/gtFine cs/gtFine/train/aachen; do
	run "$MFW" $root
	expect_rc 2
	[ ! -s out ] || die "$root: output on stdout"
	[ "$(wc -l <err)" -le 2 ] || die "$root: $(wc -l <err) lines"
	has err 'Cityscapes'
	has err "--include '\*_labelTrainIds.png' --classes 19 --ignore 255"
done
fix=$(sed -n "s/.*count one kind: //p" err | tr -d "'")
# shellcheck disable=SC2086
set -f
run "$MFW" $fix cs
set +f
expect_rc 0
eq "$(js '[.classes, .images]')" '[19,8]' "the fix"
# Without labelTrainIds files: the labelIds are offered.
rm cs/gtFine/*/*/*_labelTrainIds.png
run "$MFW" cs
expect_rc 2
has err "count one kind: --include '\*_labelIds.png'$"
run "$MFW" --include '*_labelIds.png' cs
expect_rc 0
eq "$(js .images)" 8 "labelIds"
# Excluding the other kinds is as good as an include.
run "$MFW" --exclude '*_color.png' --exclude '*_instanceIds.png' cs
expect_rc 0

# PASCAL VOC.
mkdir -p voc/VOC2012/SegmentationClass voc/VOC2012/SegmentationObject \
    voc/VOC2012/JPEGImages
"$MK" voc/VOC2012/SegmentationClass/2007_000032.png -w 8 -h 8 \
    --values 0,1,15,255
"$MK" voc/VOC2012/SegmentationObject/2007_000032.png -w 8 -h 8 \
    --values 0,1,2,255
run "$MFW" voc
expect_rc 2
has err 'voc/VOC2012: a PASCAL VOC tree.*mfweights voc/VOC2012/SegmentationClass --classes 21 --ignore 255$'
cmd=$(sed -n 's/.*count the classes: mfweights //p' err)
# shellcheck disable=SC2086
run "$MFW" $cmd
expect_rc 0
eq "$(js .classes)" 21 "VOC fix"
# A --dataset preset says which files count: no layout stop.
run "$MFW" --dataset voc2012 voc
expect_rc 0
eq "$(js .images)" 1 "VOC preset: SegmentationClass only"

# CamVid as SegNet ships it.
mkdir -p camvid/train camvid/trainannot camvid/val camvid/valannot
"$MK" camvid/train/0001TP_006690.png -w 8 -h 8 --type rgb
"$MK" camvid/trainannot/0001TP_006690.png -w 8 -h 8 --values 0,1,10,11
run "$MFW" camvid
expect_rc 2
has err 'a CamVid tree'
cmd=$(sed -n 's/.*count the masks: mfweights //p' err)
# shellcheck disable=SC2086
run "$MFW" $cmd
expect_rc 0

# Labels beside instances (Mapillary Vistas).
mkdir -p mv/training/v2.0/labels mv/training/v2.0/instances
"$MK" mv/training/v2.0/labels/a.png -w 8 -h 8 --values 0,1,2
"$MK" mv/training/v2.0/instances/a.png -w 8 -h 8 --depth 16 \
    --values 0,300,600
run "$MFW" mv
expect_rc 2
has err 'labels beside instance masks in instances'
cmd=$(sed -n 's/.*count the classes: mfweights //p' err)
run "$MFW" "$cmd"
expect_rc 0

# A plain tree of masks, even with subfolders named like splits.
mkdir -p plain/train plain/val
"$MK" plain/train/a_labelIds.png -w 8 -h 8 --values 0,1,2
"$MK" plain/val/b_labelIds.png -w 8 -h 8 --values 0,1,2
run "$MFW" -c 3 plain
expect_rc 0
[ ! -s err ] || { cat err >&2; die "a plain tree gets messages"; }
