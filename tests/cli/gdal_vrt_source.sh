# gdal_vrt_source: with --allow-vrt, a VRT whose source is missing, is
# not a raster or is a directory is a bad file naming the reason, never
# counted as zeros (issue 12, defect 5).
# suites: plain asan
[ -x "$B/mfweights-gdal" ] || skip "built without the GDAL reader"
vrt() {
	cat >"$1" <<XML
<VRTDataset rasterXSize="2" rasterYSize="1">
  <VRTRasterBand dataType="Byte" band="1">
    <SimpleSource>
      <SourceFilename relativeToVRT="1">$2</SourceFilename>
      <SourceBand>1</SourceBand>
    </SimpleSource>
  </VRTRasterBand>
</VRTDataset>
XML
}
echo hello >text.txt
mkdir dir
vrt missing.vrt nothere.tif
vrt text.vrt text.txt
vrt dir.vrt dir
for f in missing text dir; do
	run "$MFW" -c 2 --allow-vrt $f.vrt
	expect_rc 3
	[ ! -s out ] || die "$f.vrt: output on stdout"
	has err "^mfweights: $f.vrt: GDAL VRT driver: "
	run "$MFW" -c 2 --allow-vrt --keep-going $f.vrt
	expect_rc 3
done
has err 'no mask could be counted'
