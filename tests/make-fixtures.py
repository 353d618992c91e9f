#!/usr/bin/env python3
# Writes the rule fixtures of tests/fixtures (definition, ballots, expected
# result, about.txt). The expected results are worked out by hand here, not
# by the engine: a fixture is a second, independent count. Run it after
# changing a fixture, then review the diff.
import json, os, itertools
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
def fixture(name, about, congress_extra, election, ballots, expected, issued=None):
    d = os.path.join(root, name); os.makedirs(d, exist_ok=True)
    congress = {"organization":"CHI BỘ THỬ NGHIỆM","name":"ĐẠI HỘI CHI BỘ","kind":"members","convened":10}
    congress.update(congress_extra)
    defn = {"format":"kiemphieu/election@1","congress":congress,"elections":[election]}
    json.dump(defn, open(d+"/definition.json","w"), ensure_ascii=False, indent=2)
    open(d+"/ballots.csv","w").write("serial,struck,marks,invalid\n" + "".join(r+"\n" for r in ballots))
    json.dump(expected, open(d+"/expected.json","w"), ensure_ascii=False, indent=2)
    open(d+"/about.txt","w").write(about+"\n")
    if issued is not None: open(d+"/issued","w").write(str(issued)+"\n")

def strike_rows(n, keepsets, start=1):
    rows=[]; s=start
    for ks in keepsets:
        struck=[str(i) for i in range(1,n+1) if i not in ks]
        rows.append(f"{s},{' '.join(struck)},,"); s+=1
    return rows

def cands(names): return [{"no":i+1,"name":n} for i,n in enumerate(names)]
def cres(names, votes, base, status):
    out=[]
    for i,(n,v,st) in enumerate(zip(names,votes,status)):
        h=(2*v*10000+base)//(2*base)
        out.append({"no":i+1,"name":n,"votes":v,"percent":f"{h//100}.{h%100:02d}","status":st})
    return out

# R-BASE-1 worked example: 11 official members, 1 absent with a reason -> base 10; 5 fails, 6 passes.
names=["Nguyễn Văn An","Trần Thị Bình","Lê Văn Cường"]
ks=[{1,2}]*5+[{1}]+[{3}]*4
fixture("r-base-1-worked-example",
 "R-BASE-1, R-ELECT-1, R-ROUND-1: base = 11 convened − 1 excluded = 10; An 6 votes is elected, Bình 5 votes is not (5 × 2 = 10 is not more than 10); one seat remains for round 2.",
 {"convened":11,"exclusions":[{"count":1,"reason":"Đảng viên vắng mặt có lý do"}]},
 {"id":"cuy","title":"Bầu cấp ủy","body":"committee","seats":2,"candidates":cands(names)},
 strike_rows(3,ks),
 {"format":"kiemphieu/result@1","election":"cuy","round":1,"seats":2,"base":10,
  "ballots":{"issued":None,"collected":10,"valid":10,"invalid":0,"invalid_by_reason":{}},
  "candidates":cres(names,[6,5,4],10,["elected","below-threshold","below-threshold"]),
  "elected":[1],"tied":[],"seats_remaining":1,
  "next_round":{"round":2,"seats":1,"candidates":[2,3]}})

# R-TIE-1 at the last seat
names=["Nguyễn Văn An","Trần Thị Bình","Lê Văn Cường","Phạm Thị Dung"]
ks=[{1,2}]*5+[{1,3}]*3+[{2,3}]*2+[{3,4}]*2
fixture("r-tie-1-last-seat",
 "R-TIE-1, R-RANK-1: seats 2, base 12; An 8 is elected; Bình 7 and Cường 7 are both over the threshold and tie for the last seat, so neither is elected and one seat remains; Dung 2 is below the threshold.",
 {"convened":12},
 {"id":"bch","title":"Bầu Ban Chấp hành","body":"committee","seats":2,"candidates":cands(names)},
 strike_rows(4,ks),
 {"format":"kiemphieu/result@1","election":"bch","round":1,"seats":2,"base":12,
  "ballots":{"issued":None,"collected":12,"valid":12,"invalid":0,"invalid_by_reason":{}},
  "candidates":cres(names,[8,7,7,2],12,["elected","tied","tied","below-threshold"]),
  "elected":[1],"tied":[2,3],"seats_remaining":1,
  "next_round":{"round":2,"seats":1,"candidates":[2,3,4]}})

# R-TIE-1 with an outranked candidate below the tie, and R-RANK-1 filling seats
names=["An","Bình","Cường","Dung","Em","Giang"]
names=[f"Nguyễn Văn {n}" for n in names]
# seats 3, base 10: votes A9 B8 C8 D8 E7 G0 -> A elected, B C D tied for 2 seats, E not-elected (outranked)
# each ballot keeps <= 3 names; 14 ballots
ks=[{1,2,3}]*4+[{1,4,5}]*4+[{1,2,4}]*1+[{2,3,4}]*3+[{3,5}]*1+[{5}]*2
v=[0]*6
for k in ks:
    for i in k: v[i-1]+=1
assert v==[9,8,8,8,7,0], v
fixture("r-tie-1-outranked",
 "R-TIE-1, R-RANK-1: seats 3, base 10; An 9 elected; Bình, Cường, Dung 8 each tie for the two last seats (none elected); Em 7 is over the threshold but outranked (not-elected); Giang 0 below.",
 {"convened":10},
 {"id":"bch","title":"Bầu Ban Chấp hành","body":"committee","seats":3,"candidates":cands(names)},
 strike_rows(6,ks),
 {"format":"kiemphieu/result@1","election":"bch","round":1,"seats":3,"base":10,
  "ballots":{"issued":None,"collected":15,"valid":15,"invalid":0,"invalid_by_reason":{}},
  "candidates":cres(names,v,10,["elected","tied","tied","tied","not-elected","below-threshold"]),
  "elected":[1],"tied":[2,3,4],"seats_remaining":2,
  "next_round":{"round":2,"seats":2,"candidates":[2,3,4,5,6]}})

# Every invalid kind, strike form
names=["Nguyễn Văn An","Trần Thị Bình","Lê Văn Cường","Phạm Thị Dung"]
rows=strike_rows(4,[{1,2}]*3+[{3}])   # 4 valid: A3 B3 C1
rows+=["5,1,,",            # over-vote: 3 kept > 2 seats
       "6,1 2 3 4,,",      # none-kept
       "7,,,",             # nothing struck: over-vote
       "8,3 4,,not-issued",
       "9,3 4,,added-name",
       "10,3 4,,identifying-mark",
       '11,3 4,,"other:Phiếu bị rách, mất góc"',
       '12,3 4,,"other:Phiếu bị rách, mất góc"',
       "13,1 2 3 4,,other:Viết thêm chữ",   # flagged and none-kept: the committee's reason counts
       "14,,,added-name"]   # flagged and over-vote
fixture("r-invalid-all-kinds",
 "R-VALID-1, R-INVALID-1..5, R-COUNT-1: each invalid kind is counted under its reason; a flagged reason (the committee's ruling) comes before a computed one; invalid ballots give no votes.",
 {"convened":20},
 {"id":"bch","title":"Bầu Ban Chấp hành","body":"committee","seats":2,"issued":15,"candidates":cands(names)},
 rows,
 {"format":"kiemphieu/result@1","election":"bch","round":1,"seats":2,"base":20,
  "ballots":{"issued":15,"collected":14,"valid":4,"invalid":10,
     "invalid_by_reason":{"over-vote":2,"none-kept":1,"not-issued":1,"added-name":2,"identifying-mark":1,
                          "other:Phiếu bị rách, mất góc":2,"other:Viết thêm chữ":1}},
  "candidates":cres(names,[3,3,1,0],20,["below-threshold"]*4),
  "elected":[],"tied":[],"seats_remaining":2,
  "next_round":{"round":2,"seats":2,"candidates":[1,2,3,4]}})

# R-YESNO-1 multi-name list without surplus
names=["Nguyễn Văn An","Trần Thị Bình","Lê Văn Cường"]
rows=["1,,YYY,","2,,YNY,","3,,BYY,","4,,0YN,","5,,NNN,","6,,yy0,","7,,YYB,","8,,,not-issued"]
# A: 1,2,6,7 = 4 ; B: 1,3,4,6,7 = 5 ; C: 1,2,3 = 3
fixture("r-yesno-1-multi",
 "R-FORM-2, R-YESNO-1, R-COUNT-1: no surplus gives the agree/disagree form; a row with both boxes or neither counts for nobody and the ballot stays valid; only Đồng ý alone is a vote. Base 8: An 4 is not elected (4 × 2 = 8), Bình 5 is.",
 {"convened":8},
 {"id":"btv","title":"Bầu Ban Thường vụ","body":"standing_committee","seats":3,"candidates":cands(names)},
 rows,
 {"format":"kiemphieu/result@1","election":"btv","round":1,"seats":3,"base":8,
  "ballots":{"issued":None,"collected":8,"valid":7,"invalid":1,"invalid_by_reason":{"not-issued":1}},
  "candidates":cres(names,[4,5,3],8,["below-threshold","elected","below-threshold"]),
  "elected":[2],"tied":[],"seats_remaining":2,
  "next_round":{"round":2,"seats":2,"candidates":[1,3]}})

# R-YESNO-2 single name
names=["Lê Văn Bình"]
rows=["1,,Y,","2,,Y,","3,,N,","4,,B,","5,,0,","6,,Y,","7,,Y,"]
fixture("r-yesno-2-single",
 "R-YESNO-2: on a single-name list exactly one box is valid; both boxes or neither makes the ballot invalid. Base 7: 4 votes of Đồng ý elect (8 > 7).",
 {"kind":"meeting","convened":7},
 {"id":"bithu","title":"Bầu Bí thư","body":"secretary","seats":1,"candidates":cands(names)},
 rows,
 {"format":"kiemphieu/result@1","election":"bithu","round":1,"seats":1,"base":7,
  "ballots":{"issued":None,"collected":7,"valid":5,"invalid":2,"invalid_by_reason":{"yesno-single-both-or-none":2}},
  "candidates":cres(names,[4],7,["elected"]),
  "elected":[1],"tied":[],"seats_remaining":0})

# R-PCT-2 half-up: 1/32 -> 3.13 ; 17/32 = 53.125 -> 53.13 ; issued override
names=["Nguyễn Văn An","Trần Thị Bình","Lê Văn Cường"]
ks=[{1,2}]*16+[{1,3}]
fixture("r-pct-2-half-up",
 "R-PCT-1, R-PCT-2, R-ELECT-1: percentages against the base 32, half-up at the third decimal: 17/32 = 53.125 → 53.13, 16/32 = 50.00 (not elected: exactly half), 1/32 = 3.125 → 3.13. Issued is given at tally time (--issued 20).",
 {"convened":32},
 {"id":"bch","title":"Bầu Ban Chấp hành","body":"committee","seats":2,"candidates":cands(names)},
 strike_rows(3,ks),
 {"format":"kiemphieu/result@1","election":"bch","round":1,"seats":2,"base":32,
  "ballots":{"issued":20,"collected":17,"valid":17,"invalid":0,"invalid_by_reason":{}},
  "candidates":cres(names,[17,16,1],32,["elected","below-threshold","below-threshold"]),
  "elected":[1],"tied":[],"seats_remaining":1,
  "next_round":{"round":2,"seats":1,"candidates":[2,3]}}, issued=20)

# R-RANK-1 / R-ALT-1: more over the threshold than seats; elected in vote order; election-level base override (meeting)
names=["Nguyễn Văn An","Trần Thị Bình","Lê Văn Cường","Phạm Thị Dung","Hoàng Văn Em"]
ks=[{2,3,4}]*5+[{1,3,4}]*2+[{4,5}]*1+[{2,4}]
v=[0]*5
for k in ks:
    for i in k: v[i-1]+=1
# A2 B6 C7 D9 E1
fixture("r-rank-1-vote-order",
 "R-RANK-1, R-ALT-1, R-BASE-1: more candidates over the threshold than seats; the highest votes win until the seats are filled, listed by votes descending; the election's own convened count and exclusions (a committee meeting) override the congress's.",
 {"convened":200,"exclusions":[{"count":5,"reason":"x"}]},
 {"id":"dbdk","title":"Bầu đại biểu dự khuyết","body":"alternate_delegates","seats":2,"convened":8,
  "exclusions":[{"count":1,"reason":"Ủy viên vắng mặt suốt hội nghị"}],"candidates":cands(names)},
 strike_rows(5,[{2,4}]*5+[{3,4}]*4),
 {"format":"kiemphieu/result@1","election":"dbdk","round":1,"seats":2,"base":7,
  "ballots":{"issued":None,"collected":9,"valid":9,"invalid":0,"invalid_by_reason":{}},
  "candidates":cres(names,[0,5,4,9,0],7,["below-threshold","elected","not-elected","elected","below-threshold"]),
  "elected":[4,2],"tied":[],"seats_remaining":0})

# Opinion ballot (rules.md §1, Điều 14): more than 30% of those present; base = present
names=["Nguyễn Văn An","Trần Thị Bình","Lê Văn Cường"]
ks=[{1,3}]*6+[{2,3}]*3+[{1}]*1+[{2}]*3   # A7 B6 C9 ; 13 ballots
fixture("opinion-30-percent-of-present",
 "rules.md §1 (Điều 14, opinion ballots), R-RANK-1: base = 20 present (not the 25 convened); Cường 9 (45%) and An 7 (35%) pass; Bình 6 (exactly 30%) does not.",
 {"convened":25,"present":20},
 {"id":"ykien","title":"Phiếu xin ý kiến về người được giới thiệu thêm","body":"opinion","seats":2,"candidates":cands(names)},
 strike_rows(3,ks),
 {"format":"kiemphieu/result@1","election":"ykien","round":1,"seats":2,"base":20,
  "ballots":{"issued":None,"collected":13,"valid":13,"invalid":0,"invalid_by_reason":{}},
  "candidates":cres(names,[7,6,9],20,["elected","below-threshold","elected"]),
  "elected":[3,1],"tied":[],"seats_remaining":0})

# R-LIST-2 namesakes: two "Nguyễn Văn Nam" and a "Thuỷ"/"Thủy" pair (the same
# name to R-LIST-2) are told apart by date of birth; the result carries "born"
# for every candidate the list gives one, and nothing for the others.
people=[("Nguyễn Văn Nam","1970-03-02"),("Nguyễn Văn Nam","1975-11-20"),("Trần Thị Bình","1968-05-01"),
        ("Phạm Thị Thuỷ","1980-01-09"),("Phạm Thị Thủy",None),("Lê Văn Cường",None)]
names=[n for n,_ in people]
ks=[{1,2,3}]*5+[{1,2,6}]*2+[{1,3,4}]+[{4,5}]+[{6}]
v=[0]*6
for k in ks:
    for i in k: v[i-1]+=1
assert v==[8,7,6,2,1,3], v
def with_born(rows):
    out=[]
    for r,(_,b) in zip(rows,people):
        r=dict(r)
        if b is not None:
            r={k:r[k] for k in ("no","name")}|{"born":b}|{k:r[k] for k in r if k not in ("no","name")}
        out.append(r)
    return out
fixture("r-list-2-namesakes",
 "R-LIST-2, R-ELECT-1: two candidates named Nguyễn Văn Nam (born 1970-03-02 and 1975-11-20) are both elected; the result gives each one's \"born\", so the two are told apart; Phạm Thị Thuỷ and Phạm Thị Thủy are the same name to R-LIST-2; Lê Văn Cường has no date of birth and no \"born\". Base 10: Nam 8, Nam 7, Bình 6 elected.",
 {"convened":10},
 {"id":"bch","title":"Bầu Ban Chấp hành","body":"committee","seats":3,
  "candidates":with_born(cands(names))},
 strike_rows(6,ks),
 {"format":"kiemphieu/result@1","election":"bch","round":1,"seats":3,"base":10,
  "ballots":{"issued":None,"collected":10,"valid":10,"invalid":0,"invalid_by_reason":{}},
  "candidates":with_born(cres(names,v,10,["elected","elected","elected","below-threshold","below-threshold","below-threshold"])),
  "elected":[1,2,3],"tied":[],"seats_remaining":0})
