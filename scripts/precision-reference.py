#!/usr/bin/env python3
"""High-precision reference for δ, dδ/d ln pO2, Θ and d ln[O_O^x]/d ln pO2 of an acceptor-doped oxide with
band electrons and holes (Tests/Fixtures/acceptor-band-oxide.yaml), independent of brouwer's solver.

The model, in activities (site fractions on 2 O sites, band carriers over N(T) = N300 (T/300 K)^{3/2}):
    reduction  O_O^x = ½O2 + V_O.. + 2e'   K_R = ([V]/2)(n/N_c)² pO2^½ / ([O_O]/2)
    gap        0 = e' + h.                 K_g = (n/N_c)(p/N_v)
    K = exp(ΔS/k_B − ΔH/(k_B T)),  [O_O] = 2 − [V],  charge 2[V] + p = x + n  (x = [Y_Zr'] fixed)
so with p = K_g N_c N_v / n and [V] = (x + n − p)/2 one equation in n remains,
    g(n, L) = ln[V] + 2 ln n + L/2 − ln(2 − [V]) − 2 ln N_c − ln K_R = 0,   L = ln pO2,
solved with mpmath at 60 digits (bisection-safe Illinois root finder on ln n). Then
    δ = (2 − x/2) − [O_O] = [V] − x/2   (the file's reference 2 − ½[Y_Zr'])
    dn/dL = −(∂g/∂L)/(∂g/∂n) (∂g/∂n by mpmath's numerical differentiation at 60 digits),
    dδ/dL = d[V]/dL = ½(1 + p/n) dn/dL,   Θ = ½ c_O/(dc_O/dL) = −½(2 − [V])/(d[V]/dL),
    d ln[O_O]/dL = −(d[V]/dL)/(2 − [V]).
Grid: T = 300…1500 K every 100 K × pO2 = 1e-30…1 atm every decade. Output: CSV on stdout (17 digits).
The constants are read from the YAML so that the two cannot drift apart.

Usage: python3 scripts/precision-reference.py > Tests/Fixtures/acceptor-band-oxide-reference.csv
"""
import os
import re
import sys

import mpmath as mp
import yaml

mp.mp.dps = 60
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "Tests", "Fixtures", "acceptor-band-oxide.yaml")

def energy_eV(text):
    value, unit = text.split()
    assert unit == "eV", text
    return mp.mpf(value)

def entropy_kB(text):
    value, unit = text.split()
    assert unit == "kB", text
    return mp.mpf(value)

def main():
    model = yaml.safe_load(open(FIXTURE))
    species = {s["label"]: s for s in model["species"]}
    reactions = {r["name"]: r for r in model["reactions"]}
    assert reactions["reduction"]["equation"] == "O_O^x = 1/2 O2(g) + V_O.. + 2 e'"
    assert reactions["gap"]["equation"] == "0 = e' + h."
    assert model["sublattices"] == {"Zr": 1, "O": 2}
    x = mp.mpf(str(species["Y_Zr'"]["fixed"]))
    n300 = mp.mpf(str(species["e'"]["band"]["N300"]))
    v300 = mp.mpf(str(species["h."]["band"]["N300"]))
    hR, sR = energy_eV(reactions["reduction"]["dH"]), entropy_kB(reactions["reduction"]["dS"])
    hG, sG = energy_eV(reactions["gap"]["dH"]), entropy_kB(reactions["gap"]["dS"])
    assert model["nonstoichiometry"] == {"element": "O", "nominal": 2, "per": {"Y_Zr'": -0.5}}
    kB = mp.mpf("1.380649e-23") / mp.mpf("1.602176634e-19")  # eV/K, from the exact SI constants

    print("T_K,pO2_atm,e,h,V,delta,ddelta_dlnpO2,theta,dlnOO_dlnpO2")
    for T in range(300, 1501, 100):
        T = mp.mpf(T)
        nc = n300 * (T / 300) ** mp.mpf(1.5)
        nv = v300 * (T / 300) ** mp.mpf(1.5)
        lnKR = sR - hR / (kB * T)
        kg = mp.exp(sG - hG / (kB * T))
        for e10 in range(-30, 1):
            L = e10 * mp.log(10)

            def parts(n):
                p = kg * nc * nv / n
                v = (x + n - p) / 2
                return p, v

            def g(n, L=L):
                p, v = parts(n)
                return mp.log(v) + 2 * mp.log(n) + L / 2 - mp.log(2 - v) - 2 * mp.log(nc) - lnKR

            # bracket in ln n: V > 0 needs n − p > −x; V < 2 needs n − p < 4 − x
            lo, hi = mp.mpf(-200), mp.mpf(3)
            while True:
                n = mp.exp(lo)
                p, v = parts(n)
                if v > 0: break
                lo += 1
            while True:
                n = mp.exp(hi)
                p, v = parts(n)
                if v < 2: break
                hi -= mp.mpf("0.01")
            lnn = mp.findroot(lambda u: g(mp.exp(u)), (lo, hi), solver="illinois", tol=mp.mpf(10) ** -55)
            n = mp.exp(lnn)
            p, v = parts(n)
            assert abs(g(n)) < mp.mpf(10) ** -45
            dg_dn = mp.diff(lambda m: g(m), n)
            dn_dL = -mp.mpf(0.5) / dg_dn
            dv_dL = (1 + p / n) * dn_dL / 2
            delta = v - x / 2
            theta = -(2 - v) / (2 * dv_dL)
            dlnOO = -dv_dL / (2 - v)
            row = [T, mp.mpf(10) ** e10, n, p, v, delta, dv_dL, theta, dlnOO]
            print(",".join(mp.nstr(r, 17, min_fixed=0, max_fixed=0) if i > 1 else mp.nstr(r, 17)
                           for i, r in enumerate(row)))

if __name__ == "__main__":
    main()
