#!/usr/bin/env python3
"""Generates catalog/chips/<catalog_id>.toml from shared/data/chips/chips.csv.

The TOML files are the product and are reviewed by eye; this script only removes the
copy-and-paste. Clean numeric cells are copied; empty, "n/a", "unknown" and "not found" cells
are left out (never written as 0); every other cell holding text (two disagreeing values, a
range, a qualified figure) must have an explicit decision in FIX below, otherwise the script
stops. Decisions and the values not chosen go into the chip's `notes`.

Usage: scripts/gen_chips.py path/to/chips.csv catalog/chips
"""
import csv
import json
import sys
from pathlib import Path

DROP = None  # marks a figure deliberately left out

# Column of chips.csv -> key of [dense_tflops].
DENSE_COLS = [
    ("fp32", "fp32_tflops"), ("tf32", "tf32_dense_tflops"), ("bf16", "bf16_dense_tflops"),
    ("fp16", "fp16_dense_tflops"), ("fp8", "fp8_dense_tflops"), ("int8", "int8_dense_tops"),
    ("fp4", "fp4_dense_tflops"),
]
NUMERIC_COLS = ["year", "transistors_B", "die_area_mm2", "fp64_vector_tflops",
                "fp64_matrix_tflops", "mem_capacity_GB", "mem_bw_TBps", "scaleup_bw_GBps",
                "tdp_W", "launch_price_usd"] + [c for _, c in DENSE_COLS]

# PCIe x16 bandwidth, both directions (export_rules.md, I/O derivation).
PCIE_X16_BIDIR = {"Gen3": 32, "Gen4": 64, "Gen5": 128}

PROFILE = {
    "v100": "nvidia-volta",
    **{c: "nvidia-ampere" for c in ["a100-40gb", "a100-80gb", "a100-pcie-40gb",
                                    "a100-pcie-80gb", "a800", "a800-pcie"]},
    **{c: "nvidia-ada" for c in ["l20", "l2", "l4", "l40s"]},
    **{c: "nvidia-hopper" for c in ["h100", "h100-pcie", "h800", "h20", "h200"]},
    **{c: "nvidia-blackwell" for c in ["b200", "gb200", "gb200-superchip", "b300", "gb300"]},
    **{c: "amd-cdna" for c in ["mi250x", "mi300x", "mi325x"]},
    **{c: "intel-gaudi" for c in ["gaudi2", "gaudi3"]},
    **{c: "google-tpu" for c in ["tpu-v4", "tpu-v5e", "tpu-v5p", "tpu-v6e"]},
    **{c: "huawei-ascend" for c in ["ascend-910", "ascend-910b1", "ascend-910b2",
                                    "ascend-910b3", "ascend-910b4", "ascend-910c"]},
}

DEFAULT_SYSTEM = {
    "a100-80gb": "dgx-a100", "h100": "dgx-h100", "h800": "hgx-h800", "h20": "hgx-h20",
    "h200": "hgx-h200", "b200": "hgx-b200", "gb200": "gb200-nvl72", "gaudi2": "gaudi2-hls",
    "ascend-910b3": "atlas-800t-a2", "ascend-910c": "cloudmatrix-384", "mi300x": "mi300x-8",
}

ALIASES = {
    "v100": ["v100-sxm2", "tesla-v100"],
    "a100-40gb": ["a100-sxm4-40gb", "a100-40gb-sxm"],
    "a100-80gb": ["a100", "a100-sxm", "a100-sxm4-80gb", "a100-80gb-sxm"],
    "a100-pcie-40gb": ["a100-40gb-pcie"],
    "a100-pcie-80gb": ["a100-80gb-pcie", "a100-pcie"],
    "a800": ["a800-sxm", "a800-sxm4", "a800-80gb"],
    "a800-pcie": ["a800-pcie-80gb"],
    "h100": ["h100-sxm", "h100-sxm5", "h100-sxm5-80gb"],
    "h100-pcie": ["h100-pcie-80gb"],
    "h800": ["h800-sxm", "h800-sxm5"],
    "h20": ["h20-96gb", "hgx-h20-gpu"],
    "l40s": ["l40s-48gb"],
    "h200": ["h200-sxm", "h200-141gb"],
    "b200": ["b200-sxm"],
    "gb200": ["gb200-gpu"],
    "b300": ["b300-sxm", "blackwell-ultra"],
    "gb300": ["gb300-gpu"],
    "mi250x": ["instinct-mi250x"],
    "mi300x": ["instinct-mi300x"],
    "mi325x": ["instinct-mi325x"],
    "gaudi2": ["gaudi-2", "hl-225h"],
    "gaudi3": ["gaudi-3", "hl-325l"],
    "tpu-v6e": ["trillium", "tpu-trillium"],
    "ascend-910": ["ascend-910a"],
    "ascend-910b3": ["ascend-910b"],
    "mlu370-x8": ["mlu370"],
    "mlu290": ["mlu290-m5"],
    "hygon-z100": ["dcu-z100"],
    "hygon-k100": ["dcu-k100"],
    "kunlun-r200": ["kunlun-ii"],
    "mtt-s4000": ["s4000"],
    "enflame-t10": ["cloudblazer-t10"],
    "iluvatar-bi-v100": ["bi-v100"],
    "iluvatar-mr-v100": ["mr-v100"],
}

# Per chip: decisions for text cells and corrections. Keys: CSV column names (value or DROP),
# plus "name", "vendor", "form_factor", "process", "scaleup_name", "scaleup_bidir",
# "host_bidir", "other_io_bidir", "int4", "confidence", "note" (decision text for notes).
FIX = {
    "v100": dict(form_factor="SXM2", mem_capacity_GB=32, launch_price_usd=11458,
                 note="Also sold as 16 GB SXM2 and as a 250 W PCIe card (112 "
                      "TFLOP/s FP16 tensor); figures are for the 32 GB SXM2. Price: Microway list "
                      "price for the 32 GB SXM2 via Epoch."),
    "a100-40gb": dict(launch_price_usd=15000,
                      note="Price is an estimate (NextPlatform via Epoch); NVIDIA published no "
                           "list price."),
    "a100-80gb": dict(note="The plain name \"a100\" resolves here: the 80 GB SXM4 part of the DGX "
                           "A100 (the 40 GB SXM4 is a100-40gb)."),
    "a100-pcie-80gb": dict(year=DROP, note="Release year not sourced (left out)."),
    "a800-pcie": dict(name="A800 80GB PCIe", tdp_W=300,
                      note="TDP: 300 W per tweakers.net (A800-NEWS); Epoch gives 250 W. A 40 GB "
                           "PCIe variant has 1.555 TB/s."),
    "h100": dict(launch_price_usd=DROP,
                 note="No MSRP: about 33,600 USD implied by the DGX H100 price (Epoch), "
                      "25,000-30,000 USD per secondary sources; price left out. Up to 256 GPUs "
                      "with the NVLink Switch System (PCMAG)."),
    "h100-pcie": dict(form_factor="PCIe"),
    "h800": dict(fp64_vector_tflops=1, fp32_tflops=59.3, tf32_dense_tflops=454.5, skip=("compute_note",),
                 note="FP64: about 1 TFLOP/s per secondary sources (H800-PHILISUN, TPU-H800), "
                      "chosen over Epoch's 29.65 (which matches an uncut GH100). FP32 and TF32 are "
                      "Epoch's; TF32 454.5 is below H100's 494.7 although the other tensor rates "
                      "equal H100's. Scale-out NIC: 400 Gb/s per GPU (InfiniBand, 50 GB/s) per the "
                      "DeepSeek-V3 report's H800 cluster."),
    "h20": dict(year=2023, fp64_vector_tflops=1, fp32_tflops=44, launch_price_usd=DROP,
                note="Price: about 10,000-13,000 USD "
                     "distributor price (Tom's Hardware via Epoch), a range, left out. Scale-out: "
                     "400 Gb/s per GPU per a Chinese analyst note, not verified."),
    "l20": dict(year=2023, fp64_vector_tflops=0.93, fp32_tflops=59.35, tdp_W=275,
                launch_price_usd=4299, scaleup_bidir=DROP,
                note="Announced 2023, shipping 2024. No NVLink: chips talk over PCIe Gen4 x16 "
                     "(host_link). Price: Vipera listing via Epoch."),
    "l2": dict(year=2023, transistors_B=DROP, die_area_mm2=294, fp32_tflops=24.1, tdp_W=DROP,
               scaleup_bidir=DROP,
               note="Announced 2023, shipping 2024. Die area 294 mm2 is INFERRED: the L2 is said to "
                    "derive from the L4 (AD104, 294 mm2 per Epoch), not confirmed; 35.8 B "
                    "transistors if AD104 (left out). TDP unknown. No NVLink (PCIe only)."),
    "l4": dict(name="L4 24GB", scaleup_bidir=DROP, skip=("notes",),
               note="Reference row: caught by the 2023 rule's density prong (a.2) while the L2 "
                    "is not. No NVLink (PCIe only)."),
    "l40s": dict(form_factor="PCIe (dual slot)", fp64_vector_tflops=1.43, int8_dense_tops=DROP,
                 scaleup_bidir=DROP,
                 note="INT8 not listed on the datasheet reproduction (L40: 362 TOPS dense); left "
                      "out. FP64 is TechPowerUp-derived. No NVLink (PCIe only)."),
    "h200": dict(tdp_W=700, note="TDP 700 W for SXM; the H200 NVL PCIe card is 600 W."),
    "b200": dict(name="B200 (HGX/DGX, 1000 W)", die_area_mm2=1600, fp64_vector_tflops=40,
                 mem_capacity_GB=180, mem_bw_TBps=8.0, launch_price_usd=DROP, host_bidir=128,
                 skip=("notes",),
                 note="Die area UNOFFICIAL: two reticle-size dies (104 B transistors each), about "
                      "2 x 800 mm2; NVIDIA does not publish it. FP64: 40 (Klockwood), 37 "
                      "(Klockwood's B300 page), 31 (Epoch); chose 40. Memory: 180 GB usable "
                      "(DGX B200 1,440 GB / 8) chosen; 192 GB physical. Bandwidth: 8.0 TB/s (DGX "
                      "B200 64 TB/s / 8); 7.7 in some sources. Host link: Klockwood lists PCIe "
                      "Gen6 x16; the export-rule I/O derivation (1,928 GB/s) counts Gen5 x16 = "
                      "128 GB/s, kept here. Price not found (B100, the 700 W drop-in variant: "
                      "about 35,000 USD per Epoch)."),
    "gb200": dict(name="GB200 (one Blackwell GPU, 1200 W)", form_factor="GB200 superchip board",
                  die_area_mm2=1600, mem_capacity_GB=186, launch_price_usd=DROP, host_bidir=900,
                  scaleup_name="NVLink 5 + NVLink Switch",
                  note="One GPU of the GB200 superchip (see gb200-superchip). Die area UNOFFICIAL "
                       "(same silicon as B200, about 2 x 800 mm2). Memory: 186 GB (13.4 TB / 72 "
                       "in NVL72; Epoch 186) chosen; 192 GB at launch. Host link is NVLink-C2C to "
                       "Grace, 900 GB/s. Scale-out 400-800 Gb/s per GPU (not verified). "
                       "NVL72 rack about 2-3 M USD (secondary)."),
    "gb200-superchip": dict(transistors_B=DROP, mem_capacity_GB=372, mem_bw_TBps=16,
                            tdp_W=2700, host_bidir=DROP, skip=("notes",),
                            note="Assembly of 2 Blackwell GPUs + 1 Grace CPU; 3A090 is evaluated "
                                 "per IC (use gb200), 4A090 for assemblies. Transistors: 2 x 208 B "
                                 "plus Grace (left out). Memory: 372 GB HBM3e (2 x 186) plus up "
                                 "to 480 GB LPDDR5X on Grace, not counted. TDP: up to about "
                                 "2,700 W per low-grade secondary sources. NVLink-C2C (900 GB/s) "
                                 "to Grace is inside the module, so no host link is given."),
    "b300": dict(name="B300 Blackwell Ultra (HGX)", die_area_mm2=1600, fp64_vector_tflops=1.25,
                 tf32_dense_tflops=1100, int8_dense_tops=150, fp4_dense_tflops=14000,
                 mem_capacity_GB=270, mem_bw_TBps=8.0, tdp_W=1100, host_bidir=256, skip=("notes",),
                 note="INT8 and FP64 deliberately cut vs B200. Die area UNOFFICIAL (about 2 x "
                      "800 mm2). FP64 1.25 (Klockwood) vs 1.2 (Epoch). TF32 1,100-1,125; chose "
                      "1,100. INT8 about 150 (Verda) / 157.5 (Epoch), chose 150; Klockwood's table "
                      "shows 4,500 (disagrees). FP4 14,000 (Verda/Epoch) chosen over 13,125 "
                      "(Klockwood): TPP 56,000 vs 52,500. Memory 270 GB usable chosen; 288 GB "
                      "physical. Bandwidth 8.0 TB/s; 7.7 per Epoch. Host link PCIe Gen6 x16 = "
                      "256 GB/s. Scale-out 800 Gb/s (ConnectX-8)."),
    "gb300": dict(name="GB300 (one Blackwell Ultra GPU)", form_factor="GB300 superchip board",
                  die_area_mm2=1600, fp64_vector_tflops=1.25, int8_dense_tops=165,
                  mem_capacity_GB=279, host_bidir=900,
                  note="Die area UNOFFICIAL (about 2 x 800 mm2). FP64 1.25-1.3; chose 1.25. "
                       "Memory: 279 GB (Verda, usable) chosen; 287.5 (Epoch), 288 (marketing). "
                       "Host link is NVLink-C2C to Grace, 900 GB/s. Scale-out 800 Gb/s "
                       "(72 ConnectX-8 per rack)."),
    "mi250x": dict(die_area_mm2=DROP, fp32_tflops=95.7, launch_price_usd=14500,
                   note="Two GCDs; appears to the OS as 2 GPUs. Die area unknown: Epoch 724, "
                        "gpu.blog about 1,074 total, unverified and disagreeing (left out). FP32 "
                        "95.7 is the matrix peak; vector FP32 47.9. Infinity Fabric 800 GB/s "
                        "direction not stated, counted as bidirectional. Price is an estimate "
                        "(NextPlatform via Epoch)."),
    "mi300x": dict(die_area_mm2=1017, launch_price_usd=DROP,
                   note="Die area 1,017 mm2 per Epoch, basis unclear: 8 XCD (N5) + 4 IOD (N6) "
                        "chiplets, all FinFET, so all count toward the applicable area. Infinity "
                        "Fabric 896 GB/s direction not stated, counted as bidirectional. Price "
                        "about 10,000-15,000 USD (Tom's Hardware via Epoch), a range, left out."),
    "mi325x": dict(die_area_mm2=1017,
                   note="Same silicon as MI300X; die area is Epoch's MI300X figure. Infinity "
                        "Fabric assumed as MI300X."),
    "gaudi2": dict(vendor="Intel", die_area_mm2=DROP, bf16_dense_tflops=432,
                   fp8_dense_tflops=865, scaleup_name="RoCE v2 (24 x 100 GbE, integrated)",
                   note="BF16: 432 per Intel (Hot Chips 2024) chosen over Epoch's 450. FP8: 865 "
                        "(Epoch, = 2 x BF16) chosen over 835 (secondary). Die area unknown "
                        "(Epoch 826, unverified; left out). The 600 GB/s scale-up figure is all "
                        "24 integrated RoCE ports (4.8 Tb/s both directions); in HLS-Gaudi2 21 "
                        "ports link the node and 3 go to scale-out. It is counted once, as "
                        "scale-up, so other_io is not given."),
    "gaudi3": dict(vendor="Intel", form_factor="OAM", die_area_mm2=DROP, tdp_W=900,
                   launch_price_usd=15625, scaleup_name="RoCE v2 (24 x 200 GbE, integrated)",
                   skip=("compute_note",),
                   note="BF16 matrix runs at the FP8 rate: 1,835 (Intel HC24); Epoch uses the "
                        "older 1,678. BF16 vector 28.7. Two compute dies, area unknown. TDP 900 W air-cooled OAM; 1,200 W "
                        "liquid-cooled. Price: 8-chip kit 125,000 USD / 8. The 1,200 GB/s RoCE "
                        "figure covers scale-up and scale-out ports (counted once)."),
    "tpu-v4": dict(die_area_mm2=DROP, mem_capacity_GB=34.36, tdp_W=192, host_bidir=32,
                   scaleup_name="ICI (3D torus, optical circuit switches)",
                   note="Memory 32 GiB = 34.36 GB. TDP: 192 W measured maximum (Google) chosen; "
                        "Epoch derives about 340 W. ICI bandwidth not in the stored sources. "
                        "Pod of 4,096 chips (64-chip cubes)."),
    "tpu-v5e": dict(die_area_mm2=325, tdp_W=300, scaleup_name="ICI (4 ports, 2D torus)",
                    confidence="high",
                    note="Die area 325 mm2 per Epoch, unverified (specs high confidence, die low). "
                         "TDP about 300 W is a SemiAnalysis estimate via Epoch. Scale-out 2 x "
                         "100 Gb/s per 8-chip host. Pod of 256."),
    "tpu-v5p": dict(die_area_mm2=DROP, int8_dense_tops=918, tdp_W=540,
                    scaleup_name="ICI (3D torus)",
                    note="ICI 4,800 Gb/s per chip (600 GB/s), direction not stated, counted as "
                         "bidirectional. TDP about 540 W derived by Epoch. Pod of 8,960."),
    "tpu-v6e": dict(die_area_mm2=DROP, fp8_dense_tflops=918, tdp_W=380, host_bidir=DROP,
                    scaleup_name="ICI (4 ports, 2D torus)",
                    note="FP8 per Epoch. TDP about 380 W derived by Epoch. Host link PCIe Gen5, "
                         "width not stated (left out). Pod of 256."),
    "ascend-910": dict(vendor="Huawei", name="Ascend 910 (910A)", fp16_dense_tflops=256,
                       mem_bw_TBps=1.2, scaleup_bidir=180, other_io_bidir=50, tdp_W=310, skip=("notes",),
                       scaleup_name="HCCS (3 x 240 Gb/s)",
                       note="Die area is the Vitruvian compute die only (14.6 x 31.25 mm); the "
                            "Nimbus V3 I/O die (area unknown) would lower PD; Epoch lists "
                            "1,228 mm2. FP16 256 (Huawei 2019); top bins 288/320 per Epoch. "
                            "Bandwidth about 1.2 TB/s (Epoch 1.288). HCCS 3 x 240 Gb/s = 90 GB/s "
                            "per direction (assumed), 180 both directions; integrated RoCE v2 "
                            "2 x 100 Gb/s = 50 GB/s both directions as other_io. TDP 310 W at "
                            "launch (350 W design target)."),
    "ascend-910c": dict(vendor="Huawei", year=2024, die_area_mm2=1331.22,
                        bf16_dense_tflops=752, fp16_dense_tflops=752, mem_capacity_GB=128,
                        scaleup_bidir=784, host_bidir=DROP, tdp_W=DROP, skip=("compute_note", "notes"),
                        scaleup_name="Unified Bus (UB switches)",
                        note="Huawei never published a 910C datasheet (the CloudMatrix384 paper "
                             "calls it Ascend 910). Die area DERIVED: 2 x 665.61 mm2, assuming two "
                             "910B-class compute dies, not confirmed. BF16/FP16: 752 per the "
                             "CM384 paper chosen; 780 (SemiAnalysis), 800 (TrendForce); SuperPoD "
                             "288.7-307.2 PF / 384 = 752-800. Memory 128 GB / 3.2 TB/s (official "
                             "chain) chosen over SemiAnalysis's 96 GB / 1.8 TB/s. UB: 392 GB/s "
                             "per direction (paper) = 784 GB/s both directions (SuperPoD page). "
                             "Hosts attach over UB, not PCIe. TDP unknown (Epoch about 700 W, "
                             "unsourced). Samples 2024, volume 2025. RDMA plane 400 Gb/s per NPU."),
    "mlu370-x8": dict(die_area_mm2=DROP, confidence="high", skip=("compute_note",),
                      note="Official site values, card level; the card may carry more than one IC "
                           "(evaluate TPP per IC if so). MLU-Link 200 GB/s direction not stated, "
                           "counted as bidirectional."),
    "mlu590": dict(name="MLU590 (Siyuan 590)", year=DROP, die_area_mm2=DROP,
                   bf16_dense_tflops=DROP, fp16_dense_tflops=DROP, fp8_dense_tflops=DROP,
                   mem_capacity_GB=DROP, mem_bw_TBps=2.4, tdp_W=DROP, launch_price_usd=DROP,
                   skip=("compute_note", "notes"),
                   note="No official spec found; secondary sources conflict. Compute unknown "
                        "(FP8 about 780 is an unsourced estimate, left out). Memory 64 / 96 / "
                        "192 GB conflicting (left out); bandwidth about 2.4 TB/s, low "
                        "confidence. TDP 350-450 W conflicting, price 8,000-12,000 USD "
                        "low-quality estimate (both left out)."),
    "mlu290": dict(name="MLU290-M5", die_area_mm2=DROP, int4=1024, skip=("compute_note",),
                   note="Predecessor, reference row. INT16 256 TOPS. MLU-Link 6 links x 8 lanes "
                        "x 50 Gb/s = 600 GB/s bidirectional. 4 per Xuansi 1000 node."),
    "hygon-z100": dict(skip=("compute_note", "notes"), die_area_mm2=DROP, fp16_dense_tflops=24.5, mem_bw_TBps=1.0, tdp_W=350,
                       host_bidir=DROP,
                       note="Name mapping (Z100 = Shensuan-1, DCU gen 1) uncertain; no official "
                            "spec page. FP16 24.5 per Epoch is likely the vector rate. 32 GB / "
                            "4 x HBM2 / up to 1 TB/s from the prospectus per secondary sources. "
                            "PCIe Gen4, width not stated (left out)."),
    "hygon-k100": dict(year=DROP, die_area_mm2=DROP, bf16_dense_tflops=DROP,
                       fp16_dense_tflops=DROP, mem_capacity_GB=DROP, mem_bw_TBps=0.896,
                       skip=("compute_note", "notes"),
                       note="Official page not retrievable; Shensuan-2 was in R&D at end-2021. "
                            "Compute unknown. Memory 64 (HBM3?) / 40 (HBM2e) / 64-128 GB "
                            "conflicting (left out); bandwidth 0.896 TB/s from one secondary "
                            "source."),
    "kunlun-r200": dict(vendor="Kunlunxin", die_area_mm2=DROP, mem_capacity_GB=16, tdp_W=150,
                        host_bidir=DROP,
                        note="Figures for the R200; the R200-8F has 32 GB and 160 W. PCIe Gen4, "
                             "width not stated (left out)."),
    "kunlun-p800": dict(vendor="Kunlunxin", die_area_mm2=DROP, bf16_dense_tflops=DROP,
                        fp16_dense_tflops=DROP,
                        skip=("compute_note",), note=""),
    "br100": dict(tf32_dense_tflops=512, scaleup_name="BLink (8 links)",
                  note="Die area: 2 compute chiplets, about 1,074 mm2 total (STH at HC34). "
                       "TF32 is Biren's TF32+ format. BLink 2.3 TB/s direction not stated, "
                       "counted as bidirectional."),
    "br104": dict(form_factor="PCIe", die_area_mm2=DROP, tf32_dense_tflops=256,
                  scaleup_name=DROP,
                  note="Die area about 537 mm2 derived as half of BR100, unverified (left out). "
                       "TF32 is Biren's TF32+ format. Scale-up link unknown."),
    "mtt-s4000": dict(form_factor="PCIe", fp32_tflops=25,
                      note="Throughput is TechPowerUp's via Epoch; the official page lists "
                           "precisions but no TFLOPS. MTLink 240 GB/s direction not stated, "
                           "counted as bidirectional."),
    "enflame-t10": dict(name="CloudBlazer T10 (DTU 1.0 Suisi)", die_area_mm2=DROP,
                        bf16_dense_tflops=DROP, fp16_dense_tflops=DROP,
                        skip=("compute_note",),
                        note="Compute not found (supports FP32/FP16/BF16/INT8; 32 GCU-CARE "
                             "cores in 4 clusters). GCU-LARE 200 GB/s direction not stated, counted as "
                             "bidirectional. Memory capacity not found."),
    "iluvatar-bi-v100": dict(die_area_mm2=DROP, fp32_tflops=37, bf16_dense_tflops=147,
                             fp16_dense_tflops=147, int8_dense_tops=295, tdp_W=300, skip=("compute_note",),
                             note="TechPowerUp figures (ILU-TPU) chosen throughout; Epoch gives "
                                  "FP32 32, FP16 128, INT8 256, TDP 250 W."),
    "iluvatar-mr-v100": dict(die_area_mm2=DROP, fp32_tflops=24, fp16_dense_tflops=96,
                             int8_dense_tops=384, mem_bw_TBps=0.8,
                             note="Throughput per Epoch; the official page gives "
                                  "no TFLOPS. Bandwidth about 0.8 TB/s (secondary)."),
}
for v in ["ascend-910b1", "ascend-910b2", "ascend-910b3", "ascend-910b4"]:
    FIX[v] = dict(
        vendor="Huawei", year=DROP, form_factor="module (Atlas 800T/800I A2)",
        skip=("compute_note", "notes"),
        scaleup_bidir=392, host_bidir=64, tdp_W=DROP,
        launch_price_usd=16800 if v == "ascend-910b3" else DROP,
        scaleup_name="HCCS (8-NPU full mesh)",
        **({"fp32_tflops": 72} if v == "ascend-910b4" else {}),
        note="No official Huawei variant table; FP16 per CSET's analysis as tabulated by Epoch; "
             "other sources give 280/313/320/376 for a generic \"910B\", and CSET says about 25% "
             "of the 910 to 910B gain comes from a change in how peak is counted. Die area is the "
             "Vitruvian B compute die (21.32 x 31.22 mm); the I/O die is not counted. HCCS: 392 "
             "GB/s (Epoch intranode; Huawei labels it machine interconnect), direction unclear, "
             "taken as both directions. Host link PCIe Gen4 or Gen5 reported; Gen4 x16 (64 GB/s) "
             "used. TDP 310-400 W, sources disagree (left out). Released 2022-2023. "
             + ("Price about 16,800 USD (120,000 CNY, TrendForce via Epoch) for a generic 910B. "
                if v == "ascend-910b3" else "")
             + ("\"ascend-910b\" resolves here: the ~320 TFLOPS FP16 part usually meant by "
                "910B. " if v == "ascend-910b3" else "")
             + ("910B4 with 32 GB seen in npu-smi. " if v == "ascend-910b4" else
                "64 GB per card confirmed by Ascend software docs (Atlas 800I A2 8x64G). "))

# Sources per chip: key of [sources] -> source ids. "*" = the CSV row's whole list.
SRC = {
    "v100": dict(dense_tflops="EPOCH; ZIVE", memory="EPOCH; ZIVE", interconnect="NVLINKGEN",
                 power="EPOCH", price="EPOCH", die_area_mm2="EPOCH",
                 transistors_billion="EPOCH"),
    "a100-40gb": dict(dense_tflops="KLOCK-A100", memory="KLOCK-A100; THUNDER-A100",
                      interconnect="KLOCK-A100; THUNDER-A100", power="THUNDER-A100",
                      price="EPOCH", die_area_mm2="GADGETMIX; EPOCH",
                      transistors_billion="GADGETMIX; EPOCH"),
    "a100-80gb": dict(dense_tflops="KLOCK-A100", memory="KLOCK-A100; THUNDER-A100",
                      interconnect="KLOCK-A100; THUNDER-A100", power="THUNDER-A100",
                      die_area_mm2="EPOCH", transistors_billion="EPOCH"),
    "a100-pcie-40gb": dict(dense_tflops="THUNDER-A100; EPOCH", memory="THUNDER-A100",
                           interconnect="EPOCH", power="THUNDER-A100", die_area_mm2="EPOCH",
                           transistors_billion="EPOCH"),
    "a100-pcie-80gb": dict(dense_tflops="THUNDER-A100; EPOCH", memory="THUNDER-A100",
                           interconnect="EPOCH", power="THUNDER-A100", die_area_mm2="EPOCH",
                           transistors_billion="EPOCH"),
    "a800": dict(dense_tflops="EPOCH; AIWIKI-A800", memory="EPOCH; AIWIKI-A800",
                 interconnect="A800-NEWS", power="EPOCH", die_area_mm2="EPOCH",
                 transistors_billion="EPOCH"),
    "a800-pcie": dict(dense_tflops="EPOCH", memory="A800-NEWS", interconnect="A800-NEWS",
                      power="A800-NEWS", die_area_mm2="EPOCH", transistors_billion="EPOCH"),
    "h100": dict(dense_tflops="KLOCK-H100; NV-H100-JP", memory="NV-H100-JP",
                 interconnect="NV-H100-JP", power="NV-H100-JP", die_area_mm2="EPOCH",
                 transistors_billion="EPOCH"),
    "h100-pcie": dict(dense_tflops="NV-H100-JP", memory="NV-H100-JP; NV-H100PCIE-PB",
                      interconnect="NV-H100-JP", power="NV-H100PCIE-PB", die_area_mm2="EPOCH",
                      transistors_billion="EPOCH"),
    "h800": {"dense_tflops": "EPOCH; AIWIKI-H800", "dense_tflops.fp64": "H800-PHILISUN; TPU-H800",
             "memory": "EPOCH", "interconnect": "H800-PHILISUN; AIWIKI-H800", "power": "EPOCH",
             "die_area_mm2": "EPOCH", "transistors_billion": "EPOCH"},
    "h20": {"dense_tflops": "TH-H20; TT-H20", "dense_tflops.fp64": "EPOCH",
            "dense_tflops.fp32": "EPOCH", "memory": "TH-H20", "interconnect": "TT-H20; TH-H20",
            "power": "TT-H20", "die_area_mm2": "EPOCH; TT-H20", "transistors_billion": "EPOCH"},
    "l20": {"dense_tflops": "TH-H20", "dense_tflops.fp64": "EPOCH", "dense_tflops.fp32": "EPOCH",
            "memory": "TH-H20; CN-1CNZ", "interconnect": "CN-1CNZ", "power": "EPOCH",
            "price": "EPOCH", "die_area_mm2": "EPOCH", "transistors_billion": "EPOCH"},
    "l2": {"dense_tflops": "TH-H20", "dense_tflops.fp32": "EPOCH", "memory": "TH-H20; CN-1CNZ",
           "interconnect": "CN-1CNZ", "die_area_mm2": "EPOCH; TAOGUBA"},
    "l4": dict(dense_tflops="EPOCH", memory="EPOCH", interconnect="EPOCH", power="EPOCH",
               die_area_mm2="EPOCH", transistors_billion="EPOCH"),
    "l40s": {"dense_tflops": "L40S-DS", "dense_tflops.fp64": "REACHDOG-L40S", "memory": "L40S-DS",
             "interconnect": "L40S-DS", "power": "L40S-DS", "die_area_mm2": "REACHDOG-L40S",
             "transistors_billion": "REACHDOG-L40S"},
    "h200": dict(dense_tflops="EPOCH; ZIVE", memory="EPOCH; ZIVE", interconnect="EPOCH; ZIVE",
                 power="EPOCH; ONESTOP", die_area_mm2="EPOCH", transistors_billion="EPOCH"),
    "b200": dict(dense_tflops="KLOCK-B200; NV-DGXB200", memory="NV-DGXB200",
                 interconnect="KLOCK-B200", power="KLOCK-B200; EPOCH",
                 die_area_mm2="MLID-CHIPLETS", transistors_billion="KLOCK-B200"),
    "gb200": dict(dense_tflops="KLOCK-B200; AIWIKI-NVL72", memory="EPOCH; AIWIKI-NVL72",
                  interconnect="AIWIKI-NVL72; KLOCK-B200", power="EPOCH",
                  die_area_mm2="MLID-CHIPLETS", transistors_billion="KLOCK-B200"),
    "gb200-superchip": dict(dense_tflops="KLOCK-B200", memory="YOBITEL-GB200; KLOCK-B200",
                            interconnect="YOBITEL-GB200", power="WIFITALENTS; YOBITEL-GB200"),
    "b300": {"dense_tflops": "VERDA; EPOCH", "dense_tflops.fp64": "KLOCK-B300",
             "memory": "VERDA; EPOCH", "interconnect": "KLOCK-B300", "power": "VERDA; EPOCH",
             "die_area_mm2": "MLID-CHIPLETS", "transistors_billion": "KLOCK-B300"},
    "gb300": dict(dense_tflops="KLOCK-B300; VERDA; EPOCH", memory="VERDA; EPOCH",
                  interconnect="KLOCK-B300; VERDA", power="EPOCH",
                  die_area_mm2="MLID-CHIPLETS", transistors_billion="KLOCK-B300"),
    "mi250x": dict(dense_tflops="ZEXRON-MI250X", memory="ZEXRON-MI250X",
                   interconnect="GPUBLOG; YOBITEL-MI250", power="ZEXRON-MI250X", price="EPOCH",
                   transistors_billion="EPOCH"),
    "mi300x": dict(dense_tflops="EPOCH; AIWIKI-MI300X", memory="EPOCH; AIWIKI-MI300X",
                   interconnect="GPUBLOG", power="EPOCH", die_area_mm2="EPOCH",
                   transistors_billion="PARTOFSTYLE"),
    "mi325x": dict(dense_tflops="EPOCH", memory="EPOCH", interconnect="EPOCH", power="EPOCH",
                   die_area_mm2="EPOCH", transistors_billion="EPOCH"),
    "gaudi2": {"dense_tflops": "INTEL-HC24", "dense_tflops.fp8": "EPOCH",
               "memory": "INTEL-G2DEV; INTEL-HC24", "interconnect": "INTEL-HC24; YOBITEL-G2",
               "power": "INTEL-HC24"},
    "gaudi3": dict(dense_tflops="INTEL-HC24", memory="INTEL-HC24", interconnect="INTEL-HC24",
                   power="INTEL-HC24; THEREG-G3", price="YIC-G3"),
    "tpu-v4": dict(dense_tflops="GCP-V4; KLOCK-TPUV4", memory="GCP-V4",
                   interconnect="KLOCK-TPUV4", power="KLOCK-TPUV4"),
    "tpu-v5e": dict(dense_tflops="GCP-V5E", memory="GCP-V5E", interconnect="GCP-V5E",
                    power="EPOCH", die_area_mm2="EPOCH"),
    "tpu-v5p": {"dense_tflops": "GCP-V5P", "dense_tflops.int8": "EPOCH", "memory": "GCP-V5P",
                "interconnect": "GCP-V5P", "power": "EPOCH"},
    "tpu-v6e": {"dense_tflops": "GCP-V6E", "dense_tflops.fp8": "EPOCH", "memory": "GCP-V6E",
                "interconnect": "GCP-V6E", "power": "EPOCH"},
    "ascend-910": dict(dense_tflops="HW-910-2019", memory="EPOCH; CN-DOC",
                       interconnect="VENGINEER-910", power="HW-910-2019; EPOCH",
                       die_area_mm2="TH-DIESHOT"),
    "ascend-910c": dict(dense_tflops="CM384-PAPER; CM384-SUMMARY; HW-A3POD",
                        memory="HW-A3POD; CN-DOC", interconnect="CM384-SUMMARY; HW-A3POD",
                        die_area_mm2="TH-DIESHOT"),
    "mlu370-x8": dict(dense_tflops="CAMB-370", memory="CAMB-370; CN-DOC",
                      interconnect="CAMB-370", power="CAMB-370"),
    "mlu590": dict(memory="AWESOMEAGENTS-590"),
    "mlu290": dict(dense_tflops="CAMB-290", memory="CAMB-290", interconnect="CAMB-290",
                   power="CAMB-290", transistors_billion="CAMB-290; EPOCH"),
    "hygon-z100": dict(dense_tflops="EPOCH", memory="CN-DOC; EPOCH", power="EPOCH"),
    "hygon-k100": dict(memory="CN-DOC"),
    "kunlun-r200": dict(dense_tflops="EPOCH; TOMSHW-IT-KUNLUN",
                        memory="EPOCH; TOMSHW-IT-KUNLUN", power="EPOCH; TOMSHW-IT-KUNLUN"),
    "kunlun-p800": dict(),
    "br100": dict(dense_tflops="BIREN-TH", memory="BIREN-TH", interconnect="TPU-BR100",
                  power="BIREN-TH", die_area_mm2="STH-HC34", transistors_billion="BIREN-TH"),
    "br104": dict(dense_tflops="BIREN-TH", memory="BIREN-TH", interconnect="BIREN-TH",
                  power="BIREN-TH"),
    "mtt-s4000": dict(dense_tflops="EPOCH", memory="MTT-OFF; CN-DOC", interconnect="MTT-OFF",
                      power="MTT-OFF"),
    "enflame-t10": dict(memory="ICLOUDNEWS-ENFLAME", interconnect="ICLOUDNEWS-ENFLAME; STH-HC33"),
    "iluvatar-bi-v100": dict(dense_tflops="ILU-TPU", memory="ILU-TPU", interconnect="ILU-TPU",
                             power="ILU-TPU"),
    "iluvatar-mr-v100": dict(dense_tflops="EPOCH", memory="CN-DOC", interconnect="CN-DOC",
                             power="CN-DOC; EPOCH"),
}
for v in ["ascend-910b1", "ascend-910b2", "ascend-910b3", "ascend-910b4"]:
    SRC[v] = dict(dense_tflops="CSET-910B; EPOCH", memory="EPOCH; CN-DOC",
                  interconnect="EPOCH; CN-DOC", die_area_mm2="TH-DIESHOT")
    if v == "ascend-910b3":
        SRC[v]["price"] = "EPOCH"
    if v == "ascend-910b4":
        SRC[v]["dense_tflops.fp32"] = "EPOCH"

# Scale-out NIC per chip in the reference system (Gb/s, per direction) where a source gives
# one figure; ranges and unverified figures stay in the system files and notes instead.
NIC = {
    "v100": (100, "EPOCH"), "a100-40gb": (200, "KLOCK-A100; EPOCH"),
    "a100-80gb": (200, "KLOCK-A100; EPOCH"), "h100": (400, "NV-DGX"),
    "h800": (400, "DeepSeek-V3 technical report (arXiv 2412.19437), section 3.1"),
    "h200": (400, "NV-DGX"), "b200": (400, "NV-DGX"), "b300": (800, "VERDA; KLOCK-B300"),
    "gb300": (800, "KLOCK-B300; VERDA"), "tpu-v5e": (25, "GCP-V5E"),
    "ascend-910": (200, "VENGINEER-910"), "ascend-910c": (400, "CM384-SUMMARY"),
}

CONFIDENCE = {"high": "high", "medium": "medium", "low": "low", "low-medium": "low",
              "high (vendor)": "high"}


def num(text):
    try:
        v = float(text)
    except ValueError:
        return "text"
    return v


def cell(row, fix, col):
    """Chosen value of a column: FIX wins, then a clean number; text without a FIX stops."""
    if col in fix:
        return fix[col]
    raw = row[col].strip()
    if raw in ("", "n/a", "unknown", "not found"):
        return DROP
    v = num(raw)
    if v == "text":
        sys.exit(f"{row['catalog_id']}: {col} = {raw!r} needs a decision in FIX")
    return v


def fmt(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    if float(v).is_integer():
        return str(int(v))
    return f"{v:g}"


def host_link(row):
    text = row["host_link"]
    for gen, bw in PCIE_X16_BIDIR.items():
        if f"PCIe {gen} x16" in text:
            return bw
    return DROP


def dense(row, fix):
    out = {}
    fp64 = [x for x in (cell(row, fix, "fp64_matrix_tflops"),
                        cell(row, fix, "fp64_vector_tflops")) if x is not DROP]
    if fp64:
        out["fp64"] = max(fp64)
    for key, col in DENSE_COLS:
        v = cell(row, fix, col)
        if v is not DROP:
            out[key] = v
    if fix.get("int4"):
        out["int4"] = fix["int4"]
    return out


def interconnect(row, fix):
    out = {}
    name = fix.get("scaleup_name", row["scaleup_interconnect"].strip())
    if name and not name.startswith("none") and name != "unknown":
        out["scaleup_name"] = name
    up = fix["scaleup_bidir"] if "scaleup_bidir" in fix else cell(row, fix, "scaleup_bw_GBps")
    if up is not DROP:
        out["scaleup_gb_per_s_bidir"] = up
    host = fix.get("host_bidir", host_link(row))
    if host is not DROP:
        out["host_link_gb_per_s_bidir"] = host
    if fix.get("other_io_bidir"):
        out["other_io_gb_per_s_bidir"] = fix["other_io_bidir"]
    if row["catalog_id"] in NIC:
        out["scaleout_nic_gbit_per_s"] = NIC[row["catalog_id"]][0]
    return out


def notes(row, fix):
    parts = [fix.get("note", "").strip()]
    for col in ("compute_note", "notes"):
        t = row[col].strip()
        if col in fix.get("skip", ()):
            continue
        if t and t not in parts[0]:
            parts.append(t[0].upper() + t[1:] + ("" if t.endswith(".") else "."))
    if row["mem_type"].strip():
        parts.append(f"Memory type: {row['mem_type'].strip()}.")
    if row["scaleup_domain"].strip():
        parts.append(f"Scale-up domain: {row['scaleup_domain'].strip()}.")
    return " ".join(p for p in parts if p)


def check_sources(cid, tables, top, src):
    """Every figure must be covered by a [sources] key (the loader enforces the same)."""
    for table, keys in tables.items():
        for k in keys:
            if k in ("scaleup_name",):
                continue
            if table not in src and f"{table}.{k}" not in src:
                sys.exit(f"{cid}: {table}.{k} has no source")
    for k in top:
        if k not in src:
            sys.exit(f"{cid}: {k} has no source")


def chip_toml(row):
    cid = row["catalog_id"]
    fix = FIX.get(cid, {})
    src = dict(SRC[cid])
    if cid in NIC and NIC[cid][1] != src.get("interconnect"):
        src["interconnect.scaleout_nic_gbit_per_s"] = NIC[cid][1]
    vendor = fix.get("vendor", row["vendor"])
    lines = [f"id = {fmt(cid)}"]
    if cid in ALIASES:
        lines.append(f"aliases = {fmt(ALIASES[cid])}")
    lines += [f"name = {fmt(fix.get('name', row['name']))}", f"vendor = {fmt(vendor)}"]
    ff = fix.get("form_factor", row["form_factor"].strip())
    if ff:
        lines.append(f"form_factor = {fmt(ff)}")
    proc = fix.get("process", row["process_node"].strip())
    if proc and proc != "unknown":
        lines.append(f"process = {fmt(proc)}")
    top = {}
    year = cell(row, fix, "year")
    if year is not DROP:
        lines.append(f"year = {fmt(year)}")
    for key, col in (("transistors_billion", "transistors_B"), ("die_area_mm2", "die_area_mm2")):
        v = cell(row, fix, col)
        if v is not DROP:
            lines.append(f"{key} = {fmt(v)}")
            top[key] = v
    if cid in DEFAULT_SYSTEM:
        lines.append(f"default_system = {fmt(DEFAULT_SYSTEM[cid])}")
    lines.append(f"efficiency_profile = {fmt(PROFILE.get(cid, 'generic'))}")
    conf = fix.get("confidence", CONFIDENCE.get(row["confidence"].strip()))
    if conf is None:
        sys.exit(f"{cid}: confidence {row['confidence']!r} needs a decision")
    lines.append(f"confidence = {fmt(conf)}")
    lines.append(f"notes = {fmt(notes(row, fix))}")

    tables = {"dense_tflops": dense(row, fix)}
    mem = {}
    for key, col in (("capacity_gb", "mem_capacity_GB"), ("bandwidth_tb_per_s", "mem_bw_TBps")):
        v = cell(row, fix, col)
        if v is not DROP:
            mem[key] = v
    tables["memory"] = mem
    tables["interconnect"] = interconnect(row, fix)
    tdp = cell(row, fix, "tdp_W")
    tables["power"] = {} if tdp is DROP else {"tdp_w": tdp}
    price = cell(row, fix, "launch_price_usd")
    tables["price"] = {} if price is DROP else {"launch_usd": price}
    check_sources(cid, tables, top, src)
    for table, keys in tables.items():
        if keys:
            lines.append("")
            lines.append(f"[{table}]")
            lines += [f"{k} = {fmt(v)}" for k, v in keys.items()]
    used = {k for k in src if k.split(".")[0] in top or tables.get(k.split(".")[0])
            and (("." not in k) or k.split(".")[1] in tables[k.split(".")[0]])}
    if set(src) - used:
        sys.exit(f"{cid}: sources for absent figures: {sorted(set(src) - used)}")
    lines += ["", "[sources]"]
    if src:
        lines += [f"{fmt(k) if '.' in k else k} = {fmt(v)}" for k, v in src.items()]
    return cid, "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_chips.py path/to/chips.csv catalog/chips")
    rows = list(csv.DictReader(open(sys.argv[1], newline="")))
    out = Path(sys.argv[2])
    for row in rows:
        cid, text = chip_toml(row)
        (out / f"{cid}.toml").write_text(text)
    print(f"wrote {len(rows)} chips")


if __name__ == "__main__":
    main()
