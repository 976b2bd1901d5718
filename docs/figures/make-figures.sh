#!/usr/bin/env bash
# Regenerates the figures embedded in docs/materials.md and docs/cli.md from the built-in materials.
# Run from the repository root after a change to a material or to the plotting code:
#   docs/figures/make-figures.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# BROUWER=path/to/brouwer uses an existing build instead of building the release one
if [ -z "${BROUWER:-}" ]; then swift build -c release --product brouwer >/dev/null; fi
b=${BROUWER:-.build/release/brouwer}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ref=Data/reference
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
# A fit's confidence band (docs/cli.md, "The fitted material and its confidence bands"): synthetic δ of gdc10
# made with ΔH = 4.30 eV at 800/900 °C, ±3 %, fitted, and the 95 % band half-width of [Ce_Ce'] mapped.
$b sweep gdc10 --set reduction.dH=4.30 --T 800C,900C --pO2 1e-18:1e-12:7 --columns T_K,pO2_atm,delta \
  | awk -F, 'NR == 1 {print $0 ",delta_err"; next} {d = $3 * (NR % 2 ? 0.97 : 1.03); printf "%s,%s,%.4g,%.2g\n", $1, $2, d, 0.03 * d}' > $tmp/tga_2T.csv
$b fit gdc10 --data $tmp/tga_2T.csv --fit reduction.dH --fit reduction.dS --output-material $tmp/gdc10-fitted.yaml > /dev/null 2>&1
$b map $tmp/gdc10-fitted.yaml --T 700C:1100C:41 --pO2 1e-20:1e-8:49 --z "Ce_Ce'" --band 95% --T-axis C --output $out/gdc10-band-map.svg
$b plot $tmp/gdc10-fitted.yaml --T 500C:1100C:61 --pO2 1e-14 --x 1000/T --y "Ce_Ce'" --band 95% \
  --title "gdc10 fitted to δ at 800/900 °C: [Ce_Ce'] with its 95 % band" --output $out/gdc10-band-arrhenius.svg
# … and a sparse fit (6 points, ±25 %): a Brouwer diagram 200 K below the data with its 95 % band
$b sweep gdc10 --set reduction.dH=4.30 --T 800C,900C --pO2 1e-18:1e-12:3 --columns T_K,pO2_atm,delta \
  | awk -F, 'NR == 1 {print $0 ",delta_err"; next} {d = $3 * (NR % 2 ? 0.75 : 1.25); printf "%s,%s,%.4g,%.2g\n", $1, $2, d, 0.25 * d}' > $tmp/tga_sparse.csv
$b fit gdc10 --data $tmp/tga_sparse.csv --fit reduction.dH --fit reduction.dS --output-material $tmp/gdc10-sparse.yaml > /dev/null 2>&1
$b plot $tmp/gdc10-sparse.yaml --T 700C --pO2 1e-24:1:81 --band 95% --y "Ce_Ce',V_O..,h." --output $out/gdc10-band-brouwer.svg

# Models against their reference data (dots = Data/reference points, lines = the model).
# GDC: lattice σ_ion in air for x = 0.05…0.3 (--set on the Gd total) against the Wang 2000 law (GDC20).
$b sweep gdc10 --T 400C:900C:41 --pO2 0.21 --set "Gd_Ce'=0.05,0.1,0.2,0.3" --columns "set_Gd_Ce'_pfu,T_K,sigma_ion_S_cm" > $tmp/gdc.csv
awk -F, 'NR==FNR { if (FNR > 1) wang[sprintf("%.2f", $2)] = $4; next }
         FNR == 1 { next }
         { T = sprintf("%.2f", $2); if (!(T in seen)) { seen[T] = 1; order[++n] = T } s[T, $1] = $3 }
         END { print "T_K,sigma_ion_Gd0.05,sigma_ion_Gd0.10,sigma_ion_Gd0.20,sigma_ion_Gd0.30,Wang2000_GDC20"
               for (i = 1; i <= n; i++) { T = order[i]
                 printf "%s,%s,%s,%s,%s,%s\n", T, s[T, "0.05"], s[T, "0.1"], s[T, "0.2"], s[T, "0.3"], (T in wang ? wang[T] : "") } }' \
  $ref/gdc_ionic_conductivity_wang2000.csv $tmp/gdc.csv > $tmp/gdc-plot.csv
$b plot --csv $tmp/gdc-plot.csv --x 1000/T --y "sigma_ion_Gd0.05,sigma_ion_Gd0.10,sigma_ion_Gd0.20,sigma_ion_Gd0.30,Wang2000_GDC20" \
  --title "GDC lattice ionic conductivity in air: model (Gd level x) vs Wang 2000" --output $out/gdc-sigma-ion.svg
# LSF64: σ_total at 800 °C against Song et al. 2020 (191 S/cm in air, 114 S/cm at 0.01 atm).
{ $b sweep lsf64 --T 800C --pO2 1e-4:1:41 --columns pO2_atm,sigma_total_S_cm; $b sweep lsf64 --T 800C --pO2 0.21 --columns pO2_atm,sigma_total_S_cm | tail -n +2; } > $tmp/lsf.csv
awk -F, 'NR==FNR { if (FNR > 1) song[$2 + 0] = $3; next }
         FNR == 1 { print "pO2_atm,sigma_total_model,sigma_Song2020"; next }
         { print $1 "," $2 "," (($1 + 0) in song ? song[$1 + 0] : "") }' $ref/lsf64_conductivity_song2020.csv $tmp/lsf.csv > $tmp/lsf-joined.csv
{ head -n 1 $tmp/lsf-joined.csv; tail -n +2 $tmp/lsf-joined.csv | sort -t, -g -k1,1; } > $tmp/lsf-plot.csv
$b plot --csv $tmp/lsf-plot.csv --y sigma_total_model,sigma_Song2020 --y-scale linear \
  --title "lsf64 at 800 °C: total conductivity vs Song et al. 2020" --output $out/lsf64-sigma.svg
# LSCF6428: O2 flux through 1 mm at 800 °C from air: bulk-only and mixed control (Xu & Thomson surface
# rates) against Xu & Thomson's own model (their D_V, k_f, k_r) and its 3.0e-8 mol cm-2 s-1 at 1e-3 atm.
$b permeation lscf6428 --T 800C --feed 0.21 --permeate 1e-4:0.1:31 --thickness 1mm --quiet > $tmp/perm.csv
awk -F, 'FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; print "permeate_pO2_atm,J_bulk_only,J_mixed_control,J_XuThomson_model"; next }
         { T = $col["T_K"]; R = 8.314462618; L = $col["thickness_cm"]; p1 = $col["feed_pO2_atm"]; p2 = $col["permeate_pO2_atm"]
           D = 1.58e-2 * exp(-73.6e3 / (R * T)); kf = 5.90e6 * exp(-226.9e3 / (R * T)); kr = 2.07e4 * exp(-241.3e3 / (R * T))
           J = D * kr * (sqrt(p1) - sqrt(p2)) / (2 * L * kf * sqrt(p1 * p2) + D * (sqrt(p1) + sqrt(p2)))
           printf "%s,%s,%s,%.6g\n", p2, $col["J_O2_bulk_mol_cm2_s"], $col["J_O2_mol_cm2_s"], J }' $tmp/perm.csv > $tmp/perm-plot.csv
$b plot --csv $tmp/perm-plot.csv --x permeate_pO2_atm --y J_bulk_only,J_mixed_control,J_XuThomson_model \
  --title "lscf6428, 1 mm, 800 °C, feed air: J_O2 (mol/cm2/s) vs permeate pO2" --output $out/lscf6428-permeation.svg
# ceo2: δ against Panlener's data (Ackermann's representation) at 1673 and 1773 K.
for T in 1673 1773; do $b sweep ceo2 --T $T --pO2 1e-5:1:26 --columns pO2_atm,delta > $tmp/ceo2-$T.csv; done
awk -F, 'FILENAME ~ /panlener/ { if (FNR > 1) data[$1, sprintf("%.6g", $2)] = $3; next }
         FNR == 1 { next }
         { T = (FILENAME ~ /1673/) ? 1673 : 1773; p = sprintf("%.6g", $1); model[T, p] = $2; ps[p] = 1 }
         END { print "pO2_atm,model_1673K,Panlener_1673K,model_1773K,Panlener_1773K"
               for (p in ps) printf "%s,%s,%s,%s,%s\n", p, model[1673, p], data[1673, p], model[1773, p], data[1773, p] }' \
  $ref/ceo2_delta_panlener_ackermann2014.csv $tmp/ceo2-1673.csv $tmp/ceo2-1773.csv | { read -r h; echo "$h"; sort -t, -g -k1,1; } > $tmp/ceo2-plot.csv
$b plot --csv $tmp/ceo2-plot.csv --y model_1673K,Panlener_1673K,model_1773K,Panlener_1773K \
  --title "ceo2: δ vs pO2, model (with (Ce_Ce V_O)· associates) and Panlener's data" --output $out/ceo2-delta.svg
# lscf6428: δ against the digitised isotherms at 873–1173 K (the model also at each data pO2, so lines stay whole).
for T in 873 973 1073 1173; do
  list=$(awk -F, -v T=$T 'NR > 1 && $1 == T { printf "%s,", 10 ^ $2 }' $ref/lscf6428_delta_bouwmeester.csv)
  grid=$(awk 'BEGIN { for (k = 0; k <= 20; k++) printf "%s%.6g", (k ? "," : ""), 10 ^ (-2 + k / 10) }')
  $b sweep lscf6428 --T $T --pO2 "$list$grid" --columns pO2_atm,delta > $tmp/lscf-$T.csv
done
awk -F, 'FILENAME ~ /bouwmeester/ { if (FNR > 1) data[$1, sprintf("%.5g", 10 ^ $2)] = $3; next }
         FNR == 1 { next }
         { split(FILENAME, f, "lscf-"); T = f[2] + 0; p = sprintf("%.5g", $1); model[T, p] = $2; ps[p] = 1 }
         END { printf "pO2_atm"; for (k = 873; k <= 1173; k += 100) printf ",model_%dK,data_%dK", k, k; print ""
               for (p in ps) { printf "%s", p; for (k = 873; k <= 1173; k += 100) printf ",%s,%s", model[k, p], data[k, p]; print "" } }' \
  $ref/lscf6428_delta_bouwmeester.csv $tmp/lscf-873.csv $tmp/lscf-973.csv $tmp/lscf-1073.csv $tmp/lscf-1173.csv \
  | { read -r h; echo "$h"; sort -t, -g -k1,1; } > $tmp/lscf-plot.csv
$b plot --csv $tmp/lscf-plot.csv --y model_873K,data_873K,model_973K,data_973K,model_1073K,data_1073K,model_1173K,data_1173K \
  --title "lscf6428: δ, model vs digitised isotherms" --output $out/lscf6428-delta.svg
# lscf6428: chemical diffusion coefficient at 800 °C against Bouwmeester's ECR fit (the fit's own curve,
# log10 D̃[m²/s] = −0.1765 L² − 0.2724 L − 9.2256, L = log10 pO2, from Data/reference/README.md).
$b sweep lscf6428 --T 1073.15 --pO2 1e-2:1:41 --columns pO2_atm,Dchem_cm2_s > $tmp/lscf-dchem.csv
awk -F, 'NR == 1 { print "pO2_atm,model,Bouwmeester_ECR"; next }
         { L = log($1) / log(10); printf "%s,%s,%.6g\n", $1, $2, 1e4 * 10 ^ (-0.1765 * L * L - 0.2724 * L - 9.2256) }' \
  $tmp/lscf-dchem.csv > $tmp/lscf-dchem-plot.csv
$b plot --csv $tmp/lscf-dchem-plot.csv --y model,Bouwmeester_ECR \
  --title "lscf6428, 800 °C: chemical diffusion coefficient D̃ (cm2/s), model vs ECR fit" --output $out/lscf6428-dchem.svg
# bzy10 and bcy10: [OH_O.] at pH2O = 0.023 atm (dry-reduced pO2, where the references' closed form holds)
# against Kreuer 2003 and Schober & Bohn 2000 (bzy10) and Lim 2017 (bcy10).
for m in bzy10 bcy10; do $b sweep $m --T 200C:900C:71 --pH2O 0.023 --pO2 1e-30 --columns T_C,OH_O. > $tmp/$m-oh.csv; done
awk -F, 'FILENAME ~ /kreuer/ { if (FNR > 1 && $2 == 0.023) k[sprintf("%.0f", $1)] = $3; next }
         FILENAME ~ /schober/ { if (FNR > 1 && $2 == 0.023) sb[sprintf("%.0f", $1 - 273.15)] = $3; next }
         FILENAME ~ /lim2017/ { if (FNR > 1 && $2 == 0.023) lim[sprintf("%.0f", $1)] = $3; next }
         FNR == 1 { next }
         FILENAME ~ /bzy10-oh/ { t = sprintf("%.0f", $1); bzy[t] = $2; ts[t] = 1; next }
         { t = sprintf("%.0f", $1); bcy[t] = $2; ts[t] = 1 }
         END { print "T_C,bzy10_model,bzy10_Kreuer2003,bzy10_SchoberBohn2000,bcy10_model,bcy10_Lim2017"
               for (t in ts) printf "%s,%s,%s,%s,%s,%s\n", t, bzy[t], k[t], sb[t], bcy[t], lim[t] }' \
  $ref/bzy10_hydration_kreuer.csv $ref/bzy10_hydration_schober_bohn2000.csv $ref/bcy10_hydration_lim2017.csv $tmp/bzy10-oh.csv $tmp/bcy10-oh.csv \
  | { read -r h; echo "$h"; sort -t, -g -k1,1; } > $tmp/oh-plot.csv
$b plot --csv $tmp/oh-plot.csv --x T_C --y bzy10_model,bzy10_Kreuer2003,bzy10_SchoberBohn2000,bcy10_model,bcy10_Lim2017 --y-scale linear \
  --title "Proton uptake [OH_O.] at pH2O = 0.023 atm: models vs TGA data" --output $out/hydration-vs-data.svg
# A fit figure (brouwer fit --plot): lscf6428's δ model (oxidation ΔH, ΔS and vv.W) refitted to the digitised
# isotherms — the points, the model per temperature with its 68 % band, and the residuals below.
$b fit lscf6428 --data $ref/lscf6428_delta_bouwmeester.csv --fit oxidation.dH --fit oxidation.dS --fit vv.W --plot $out/fit-lscf6428.svg > /dev/null
echo "wrote $(ls $out/*.svg | wc -l) figures in $out"

# The classic materials of issue 18 (ysz8, sdc15, stf1/sto, pco10, lsc64, bczyyb, lno).
# bczyyb (BaZr0.1Ce0.7Y0.1Yb0.1O3-δ): Brouwer diagram (wet, 600 °C), partial conductivities against pO2 (wet, 600 °C),
# and proton uptake against T for three pH2O with the BCZY622 / BCY20 proxy curves of the Hyodo 2021 compilation (dots).
$b plot bczyyb   --T 600C   --pH2O 0.03 --pO2 1e-30:1:121 --output $out/bczyyb.svg
$b plot bczyyb   --T 600C   --pH2O 0.03 --pO2 1e-25:1:101 --y "sigma_OH_O._S_cm,sigma_V_O.._S_cm,sigma_h._S_cm,sigma_Ce_Ce'_S_cm" \
  --title "bczyyb: partial conductivities at 600 °C, pH2O = 0.03 atm" --output $out/bczyyb-sigma.svg
$b sweep bczyyb --T 300C:1200C:37 --pH2O 0.001,0.019,0.05 --pO2 1e-5 --columns T_C,pH2O_atm,OH_O. > $tmp/bczyyb-oh.csv
{ echo "T_C,model_pH2O_0.001,model_pH2O_0.019,model_pH2O_0.05,BCZY622_pH2O_0.019,BCY20_pH2O_0.019"
  awk -F, 'FILENAME ~ /proxy/ { if (FNR > 1) { t = sprintf("%.0f", $4); ts[t] = 1; if ($1 == 0.6) c622[t] = $6; else c20[t] = $6 } next }
           FNR == 1 { next }
           { t = sprintf("%.0f", $1); ts[t] = 1; m[t, $2] = $3 }
           END { for (t in ts) printf "%s,%s,%s,%s,%s,%s\n", t, m[t, "0.001"], m[t, "0.019"], m[t, "0.05"], (t in c622 ? c622[t] : ""), (t in c20 ? c20[t] : "") }' \
    $ref/bczyyb_hydration_proxy_hyodo2021.csv $tmp/bczyyb-oh.csv | sort -t, -k1,1n; } > $tmp/bczyyb-oh-plot.csv
$b plot --csv $tmp/bczyyb-oh-plot.csv --x T_C --y "model_pH2O_0.001,model_pH2O_0.019,model_pH2O_0.05,BCZY622_pH2O_0.019,BCY20_pH2O_0.019" \
  --y-scale linear --y-range 0:0.21 --title "bczyyb: [OH_O•] (pfu), pO2 1e-5 atm; dots: BCZY622, BCY20" --output $out/bczyyb-hydration.svg
# lno (La2NiO4+δ): Brouwer diagram at 800 °C (O_i'' and Ni_Ni• ∝ pO2^1/6 dilute, flattening as δ grows)
# and the oxygen excess δ = [O_i''] against pO2 at 600–900 °C.
$b plot lno      --T 800C   --pO2 1e-20:1:121 --output $out/lno.svg
$b plot lno      --T 600C,700C,800C,900C --pO2 1e-8:1:81 --y "O_i''" --title "lno: oxygen excess δ = [O_i''] against pO2" --output $out/lno-delta.svg
# lsc64 (lines for docs/figures/make-figures.sh; $b, $out, $ref, $tmp as there)
$b plot lsc64    --T 800C   --pO2 1e-8:10:91 --output $out/lsc64.svg
$b plot lsc64    --T 600C,700C,800C,900C --pO2 1e-5:1:51 --y delta --y-scale linear --title "lsc64: δ against pO2 (decomposes below ≈ 3e-5 atm at 800 °C)" --output $out/lsc64-delta.svg
# Lankhorst's plot: the oxygen chemical potential against δ at four temperatures, as μ_O − ½h°(O2) = ½k_BT ln pO2 − T·½s°(O2)
# with ½s°(O2) = 121.8 J/(mol K) = 14.6492 k_B, the file's reduction entropy (eV): almost linear, the isotherms nearly coincide.
$b sweep lsc64 --T 600C,700C,800C,900C --pO2 1e-5:1:41 --columns T_K,pO2_atm,delta > $tmp/lsc.csv
awk -F, 'FNR == 1 { print "T_K,delta,muO_eV"; next } { k = 8.617333262e-5; printf "%s,%s,%.6g\n", $1, $3, 0.5 * k * $1 * log($2) - k * $1 * 14.6492 }' $tmp/lsc.csv > $tmp/lsc-mu.csv
$b plot --csv $tmp/lsc-mu.csv --x delta --y muO_eV --group-by T_K --x-scale linear --y-scale linear \
  --title "lsc64: μ_O − ½h°(O2) (eV) against δ, 873–1173 K" --output $out/lsc64-muO.svg
# pco10 (lines for docs/figures/make-figures.sh; $b, $out, $ref, $tmp as there)
$b plot pco10    --T 800C   --pO2 1e-30:1:121 --output $out/pco10.svg
$b plot pco10    --T 600C,800C,1000C --pO2 1e-30:1:121 --y delta --title "pco10: δ against pO2 — the Pr3+ plateau at δ = x/2 = 0.05" --output $out/pco10-delta.svg
$b plot pco10    --T 800C   --pO2 1e-30:1e5:141 --y "sigma_Pr_Ce'_S_cm,sigma_Ce_Ce'_S_cm,sigma_ion_S_cm" --decades 6 \
  --title "pco10, 800 °C: σ(Pr band) ∝ [Pr3+][Pr4+], max at δ = 0.025" --output $out/pco10-sigma.svg
# pco10: apparent thermo-chemical expansion coefficient (1/a)·da/dT in air against the PCO10 film values (Mater. Adv. 2022):
# 500 °C calibrates α_T, 700 °C is predicted.
$b sweep pco10 --T 723.15:1123.15:81 --pO2 0.21 --columns T_K,lattice_A > $tmp/pco-a.csv
awk -F, 'NR==FNR { if (FNR > 1) film[sprintf("%.2f", $2)] = $4; next }
         FNR == 1 { print "T_C,alpha_model_ppm_per_K,alpha_film2022_ppm_per_K"; next }
         { T[++n] = $1; a[n] = $2 }
         END { for (i = 2; i < n; i++) { k = sprintf("%.2f", T[i])
                 printf "%.2f,%.6g,%s\n", T[i] - 273.15, (a[i+1] - a[i-1]) / (T[i+1] - T[i-1]) / a[i] * 1e6, (k in film ? film[k] : "") } }' \
  $ref/pco10_thermochemical_expansion_film2022.csv $tmp/pco-a.csv > $tmp/pco-alpha.csv
$b plot --csv $tmp/pco-alpha.csv --x T_C --y alpha_model_ppm_per_K,alpha_film2022_ppm_per_K --x-scale linear --y-scale linear \
  --title "pco10 in air: (1/a) da/dT (ppm/K), model vs PCO10 films" --output $out/pco10-expansion.svg
# sdc15 (issue 18): Brouwer diagram at 600 °C and σ_ion, σ_el at the ends of the Lai & Haile range (500, 650 °C).
$b plot sdc15    --T 600C   --pO2 1e-31:1:129 --output $out/sdc15.svg
$b plot sdc15    --T 500C,650C --pO2 1e-31:1:129 --y "sigma_ion_S_cm,sigma_el_S_cm" --decades 10 --output $out/sdc15-sigma.svg
# stf1 (issue 18): Fe-doped SrTiO3 Brouwer diagram and partial conductivities
$b plot stf1     --T 1000   --pO2 1e-40:1e5:181 --y "e',h.,V_O..,Fe_Fe',Fe_Fe^x" --output $out/stf1.svg
$b plot stf1     --T 1123.15,1223.15,1323.15 --pO2 1e-21:1:89 --y "sigma_e'_S_cm,sigma_h._S_cm,sigma_V_O.._S_cm,sigma_total_S_cm" --title "stf1: partial conductivities, 850–1050 °C" --output $out/stf1-sigma.svg
# sto (issue 18): nominally undoped SrTiO3 and its donor-doped variant
$b plot sto      --T 1200   --pO2 1e-40:1e5:181 --y "e',h.,V_O..,Al_Ti'" --output $out/sto.svg
$b plot sto      --T 1000C  --set "La_Sr.=0.01" --pO2 1e-40:1e5:181 --y "e',h.,V_O.." --title "sto, La_Sr. = 0.01 (Sr0.99La0.01TiO3)" --output $out/sto-la.svg
# ysz8 (issue 18): Brouwer diagram, partial conductivities, electrolytic domain, σ_ion against the Zhu 2008 law.
$b plot ysz8     --T 1000C  --pO2 1e-40:1e5:181 --decades 20 --output $out/ysz8.svg
$b plot ysz8     --T 800C   --pO2 1e-40:1e5:181 --y "sigma_ion_S_cm,sigma_e'_S_cm,sigma_h._S_cm" --decades 14 --output $out/ysz8-sigma.svg
$b domain ysz8 --T 600C:1000C:41 --pO2 1e-60:1e5:651 --cross "e',h." --format svg --output $out/ysz8-domain.svg
$b sweep ysz8 --T 600C:1000C:41 --pO2 0.21 --columns T_K,sigma_ion_S_cm --quiet > $tmp/ysz.csv
awk -F, 'NR==FNR { if (FNR > 1) zhu[sprintf("%.2f", $2)] = $3; next }
         FNR == 1 { print "T_K,sigma_ion_model_S_cm,Zhu2008_S_cm"; next }
         { T = sprintf("%.2f", $1); printf "%s,%s,%s\n", T, $2, (T in zhu ? zhu[T] : "") }' \
  $ref/ysz8_ionic_conductivity_zhu2008.csv $tmp/ysz.csv > $tmp/ysz-plot.csv
$b plot --csv $tmp/ysz-plot.csv --x 1000/T --y "sigma_ion_model_S_cm,Zhu2008_S_cm" \
  --title "8YSZ ionic conductivity in air: model vs the Zhu 2008 law" --output $out/ysz8-arrhenius.svg

# Joint fits on published data (docs/examples/joint-fit.md): lsf64 δ (Kuhn 2011) + σ (Song 2020), and the
# lscf6428 pair that disagrees (δ isotherms + Bouwmeester's D̃ at 800 °C).
sed '1s/log10_pO2_bar/log10_pO2_atm/' $ref/lsf64_delta_kuhn2011.csv > $tmp/kuhn.csv
sed '1s/sigma_S_cm/sigma_total_S_cm/' $ref/lsf64_conductivity_song2020.csv > $tmp/song.csv
$b fit lsf64 --data $tmp/kuhn.csv --data $tmp/song.csv --fit oxidation.dH=-80kJ/mol --fit "oxidation.dS=-40J/(mol K)" \
  --fit disproportionation.dH=90kJ/mol --fit "disproportionation.dS=-10J/(mol K)" --plot $out/joint-fit-lsf64.svg > /dev/null 2>&1
$b fit lscf6428 --data $ref/lscf6428_delta_bouwmeester.csv --data "$ref/lscf6428_chemical_diffusion_bouwmeester.csv,observable=Dchem_cm2_s" \
  --fit oxidation.dH --fit oxidation.dS --fit vv.W --plot $out/joint-fit-lscf6428.svg > /dev/null 2>&1
