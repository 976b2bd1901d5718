#!/usr/bin/env bash
# Prints one line "md5  exit-status  command" for a fixed set of brouwer commands covering every subcommand and
# every built-in (sweeps with all columns, slopes, units, threads, shards, --set, pH2O, anneal/quench, solve in every
# format, fit, permeation, cell, domain, map, plot, show, check). Two builds compared line by line prove a refactor
# byte-identical:
#   scripts/output-fingerprints.sh OLD/brouwer > old.txt; scripts/output-fingerprints.sh NEW/brouwer > new.txt
#   diff old.txt new.txt
# Usage: scripts/output-fingerprints.sh [BROUWER]   (default .build/release/brouwer)
set -uo pipefail
cd "$(dirname "$0")/.."
b=$(realpath "${1:-.build/release/brouwer}")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf 'T_K,pO2_atm,delta\n1073,1e-10,4.2e-5\n1073,1e-15,7.4e-4\n1073,1e-20,1.1e-2\n1173,1e-15,3e-3\n' > "$tmp/tga.csv"
printf 'T_K,pO2_atm,sigma_ion_S_cm\n873.15,0.21,0.01\n1073.15,0.21,0.08\n' > "$tmp/sig.csv"
run() {
  local out status
  out=$(cd "$tmp" && LC_ALL=C.UTF-8 bash -c "$1" 2>&1); status=$?
  printf '%s  %s  %s\n' "$(printf '%s' "$out" | md5sum | cut -c1-32)" "$status" "${1//$b/brouwer}"
}
materials=$("$b" materials | awk 'NR > 1 { print $1 }')
for m in $materials; do
  case $m in bzy10|bcy10|bczyyb) w="--pH2O 0.03";; *) w="";; esac
  run "$b sweep $m --T 600:1400:5 --pO2 1e-30:1:31 $w --quiet"
  run "$b sweep $m --T 800C --pO2 1e-40:1e5:46 $w --slopes --quiet"
  run "$b sweep $m --T 1000C --pO2 1e-25:1:26 $w --units cm3 --quiet"
  run "$b sweep $m --T 700C --pO2 1e-25:1:26 $w --units site --slopes --quiet"
  run "$b sweep $m --T 500:1500:7 --pO2 1e-20:1:21 $w --threads 3 --shard 2/3 --quiet"
  run "$b solve $m --T 800C --pO2 1e-10 $w"
  run "$b solve $m --T 800C --pO2 1e-10 $w --format csv"
  run "$b solve $m --T 800C --pO2 1e-10 $w --format json"
  run "$b show $m"
  run "$b check $m"
  a="1400C,0.21"; [ -n "$w" ] && a="1400C,0.21,0.03"
  run "$b sweep $m --T 900C --pO2 1e-12:1:5 $w --anneal $a --quiet"
done
run "$b sweep gdc10 --T 500:1500:11 --pO2 1e-30:1:41 --threads 2 --quiet"
run "$b sweep gdc10 --T 500:1500:11 --pO2 1e-30:1:41 --threads 7 --slopes --quiet"
run "$b sweep gdc10 --T 500:1500:11 --pO2 1e-30:1:41 --shard 3/4 --slopes --quiet"
run "$b sweep gdc10 --T 800C --pO2 1e-20:1:21 --set \"Gd_Ce'=0.05:0.3:6\" --slopes --quiet"
run "$b sweep lsf --T 1073 --pO2 1e-20:1:41 --set \"Sr_La'=0.1:0.5:5\" --slopes --quiet"
run "$b sweep gdc10 --T 800C --pO2 1e-20 --set reduction.dH=4.1eV:4.5eV:5 --quiet"
run "$b sweep bzy10 --T 400C:900C:6 --pO2 1e-20,0.21 --pH2O 1e-4:0.1:5 --slopes --quiet"
run "$b sweep bcy10 --T 600C --pO2 0.21 --pH2O 1e-6:1:13 --quiet"
run "$b sweep gdc20 --T 500C --pO2 1e-5:1:11 --anneal 1400C,0.21 --quiet"
run "$b sweep gdc20 --T 500C --pO2 1e-5:1:11 --anneal 1400C,0.21 --frozen \"(Gd_Ce V_O).\" --quiet"
run "$b sweep bzy10 --T 300C --pO2 1e-20:1:11 --pH2O 0.03 --anneal 800C,0.21,0.03 --quiet"
run "$b sweep gdc10 --T 500C:900C:9 --pO2 0.21 --columns T_K,sigma_ion_S_cm,Ea_sigma_ion_eV,sigmaT_ion_S_K_cm,T_C,in_validity --quiet"
run "$b sweep lsf64 --T 600C:1000C:9 --pO2 0.21 --columns T_K,delta,lattice_A,chemical_strain,valence_Fe --quiet"
run "$b sweep lscf6428 --T 800C --pO2 1e-3:1:13 --columns pO2_atm,delta,thermodynamic_factor,Dchem_cm2_s,sigma_amb_S_cm,t_ion --tag x --quiet"
run "$b sweep ceo2 --T 1200C --pO2 1e-40:1e5:200 --threads 2 --quiet"
run "$b fit gdc10 --data tga.csv --fit \"Gd_Ce'\""
run "$b fit gdc10 --data tga.csv --fit reduction.dH,reduction.dS"
run "$b fit gdc20 --data sig.csv --fit association.dH"
run "$b permeation lscf6428 --T 800C --feed 0.21 --permeate 1e-3 --thickness 1mm"
run "$b permeation lscf6428 --T 700C:900C:5 --feed 0.21 --permeate 1e-3:1e-2:3 --thickness 0.5mm,1mm"
run "$b permeation gdc10 --T 800C --feed 0.21 --permeate 1e-20 --thickness 1mm"
run "$b cell gdc10 --T 500C:800C:4 --cathode 0.21 --anode H2=0.97,H2O=0.03 --thickness 10um:1mm:3"
run "$b cell sdc15 --T 600C --cathode 0.21 --anode H2=0.97,H2O=0.03 --thickness 20um --current=-0.5:2:6 --quiet"
run "$b cell bzy10 --T 600C --cathode O2=0.21,H2O=0.01 --anode H2=0.97,H2O=0.03 --thickness 20um --quiet"
run "$b domain gdc10 --T 500C:1000C:11"
run "$b domain gdc10 --T 500C:1000C:6 --format svg"
run "$b domain gdc20 --T 800C --cross \"V_O..,Ce_Ce'\""
run "$b map gdc10 --T 500C:1000C:11 --pO2 1e-30:1:21 --z t_ion"
run "$b map gdc10 --T 500C:1000C:11 --pO2 1e-30:1:21 --dominant"
run "$b map bzy10 --T 400C:900C:6 --pO2 1e-20:1:11 --pH2O 0.03 --z sigma_total_S_cm --contours 1e-4,1e-3"
run "$b plot gdc10 --T 800C --pO2 1e-30:1:61"
run "$b plot bzy10 --T 600C --pH2O 0.03 --pO2 1e-30:1:61"
run "$b plot gdc10 --T 500C:900C:21 --pO2 1e-20,0.21 --x 1000/T --y sigma_ion_S_cm,sigma_el_S_cm"
run "$b plot lsf --T 800C --pO2 1e-20:1:41 --set \"Sr_La'=0.1,0.2,0.4\" --y \"V_O..,Fe_Fe.,Fe_Fe'\""
run "$b sweep gdc10 --T 800C --pO2 1e-30:1:31 --quiet > s.csv && $b plot --csv s.csv --x pO2_atm --y \"V_O..,Ce_Ce'\""
run "$b sweep gdc10 --T 800C --pO2 1e-30 --quiet"
run "$b sweep gdc10 --T 300 --pO2 1e-5:1:6 --quiet"
run "$b sweep nosuch --T 800C --pO2 1"
run "$b sweep gdc10 --T 800C --pO2 nan"
run "$b materials"
