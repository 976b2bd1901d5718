#!/usr/bin/env bash
# Regenerates the figures embedded in docs/materials.md and docs/cli.md from the built-in materials.
# Run from the repository root after a change to a material or to the plotting code:
#   docs/figures/make-figures.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product brouwer >/dev/null
b=.build/release/brouwer
out=docs/figures
$b plot ceo2     --T 1200C  --pO2 1e-25:1:121 --output $out/ceo2.svg
$b plot gdc10    --T 800C   --pO2 1e-30:1:121 --output $out/gdc10.svg
$b plot gdc10    --T 500C:900C:41 --pO2 1e-20,0.21 --x 1000/T --y sigma_ion_S_cm,sigma_el_S_cm --output $out/gdc10-arrhenius.svg
$b plot gdc20    --T 800C   --pO2 1e-30:1:121 --output $out/gdc20.svg
$b plot lsf64    --T 800C   --pO2 1e-20:1:121 --output $out/lsf64.svg
$b plot lsf      --T 800C   --pO2 1e-20:1:121 --set "Sr_La'=0.1,0.2,0.4" --y "V_O..,Fe_Fe.,Fe_Fe'" --output $out/lsf.svg
$b plot lscf6428 --T 800C   --pO2 1e-20:1:121 --output $out/lscf6428.svg
$b plot bzy10    --T 600C   --pH2O 0.03 --pO2 1e-30:1:121 --output $out/bzy10.svg
$b plot bcy10    --T 600C   --pH2O 0.03 --pO2 1e-30:1:121 --output $out/bcy10.svg
$b plot bzy10    --T 300C:900C:61 --pH2O 0.01,0.03,0.1 --pO2 1e-20 --x T_K --y "OH_O." --y-scale linear --output $out/bzy10-hydration.svg
$b domain gdc10 --T 500C:1000C:26 --format svg --output $out/gdc10-domain.svg
$b map gdc10     --T 500C:1000C:41 --pO2 1e-30:1:61 --z "Ce_Ce'" --output $out/gdc10-map.svg
$b map gdc10     --T 500C:1000C:41 --pO2 1e-30:1:61 --dominant --output $out/gdc10-dominant.svg
echo "wrote $(ls $out/*.svg | wc -l) figures in $out"
