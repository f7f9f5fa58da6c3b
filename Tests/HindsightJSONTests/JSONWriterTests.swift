import HindsightJSON
import Testing

/// Expected texts produced by CPython 3 `repr(float)` for the same bit patterns (generated once with
/// `python3 -c 'repr(struct.unpack("<d", ...))'`, seeded random bit patterns included).
let pythonDoubleReprs: [(UInt64, String)] = [
    (0x0000_0000_0000_0000, "0.0"),
    (0x8000_0000_0000_0000, "-0.0"),
    (0x3ff0_0000_0000_0000, "1.0"),
    (0xbff0_0000_0000_0000, "-1.0"),
    (0x3fb9_9999_9999_999a, "0.1"),
    (0x3fe0_0000_0000_0000, "0.5"),
    (0x3ee4_f8b5_88e3_68f1, "1e-05"),
    (0x3f1a_36e2_eb1c_432d, "0.0001"),
    (0x3f20_2e4b_6ce5_dc68, "0.00012345"),
    (0x4341_c379_37e0_8000, "1e+16"),
    (0x430c_6bf5_2634_0000, "1000000000000000.0"),
    (0x4311_8b54_f22a_eb00, "1234567890123456.0"),
    (0x4345_ee2a_2eb5_a5c4, "1.2345678901234568e+16"),
    (0x4340_0000_0000_0000, "9007199254740992.0"),
    (0x7e41_eb2d_6600_5835, "1.5e+300"),
    (0x81ba_c9a7_b3b7_302f, "-2.5e-300"),
    (0x0000_0000_0000_0001, "5e-324"),
    (0x7fef_ffff_ffff_ffff, "1.7976931348623157e+308"),
    (0x0010_0000_0000_0000, "2.2250738585072014e-308"),
    (0x4009_21fb_5444_2d18, "3.141592653589793"),
    (0x4059_0000_0000_0000, "100.0"),
    (0x405e_dd2f_1a9f_be77, "123.456"),
    (0x3f9c_2038_af9e_e98f, "0.027466664999999998"),
    (0x3ffa_099d_883b_a345, "1.6273475000000002"),
    (0xbcaa_7939_4c9e_8a0a, "-1.8369701987210297e-16"),
    (0x40f5_0638_0000_0000, "86115.5"),
    (0x4480_f0cf_064d_d592, "1e+22"),
    (0x444b_1ae4_d6e2_ef50, "1e+21"),
    (0x3e7a_d7f2_9abc_af48, "1e-07"),
    (0x3f50_624d_d2f1_a9fc, "0.001"),
    (0x4000_1ce0_75f6_fd22, "2.0141"),
    (0x3fd3_3333_3333_3333, "0.3"),
    (0x3fe5_5555_5555_5555, "0.6666666666666666"),
    (0x3fd5_5555_5555_5555, "0.3333333333333333"),
    (0x54b2_49ad_2594_c37d, "1e+100"),
    (0x3c36_b082_c214_8b8e, "1.23e-18"),
    (0x42d6_bcc4_1e8f_ffff, "99999999999999.98"),
    (0x3fd3_3333_3333_3334, "0.30000000000000004"),
    (0xf2a7_4de4_52e6_b438, "-1.989032661366619e+244"),
    (0x6513_270e_269e_0d37, "7.761117632285041e+178"),
    (0x0c5c_7fd0_a6a3_a450, "3.980498358697587e-249"),
    (0xd23f_0824_128b_2f33, "-1.5432835417340557e+88"),
    (0x1818_e811_892f_902b, "1.3647584518757569e-192"),
    (0x9531_985d_5d9d_c9f8, "-1.3701135617873088e-206"),
    (0xe8e2_5d94_0ed9_0475, "-1.7160537630466207e+197"),
    (0x36f6_75cc_81e7_4ef5, "6.294675241195386e-44"),
    (0x1600_a35a_0999_50d8, "1.0613447212142254e-202"),
    (0x6b0d_549b_6f03_675a, "4.708325160387546e+207"),
    (0x3d9c_1724_11e2_0b8f, "6.387016158513563e-12"),
    (0x8d11_6ece_1738_f7d9, "-9.973130378568733e-246"),
    (0x0f21_ddb6_6cad_4a26, "8.779753225680271e-236"),
    (0x90c1_92cf_d3ac_94af, "-5.795503248498993e-228"),
    (0xf28c_105d_1fb1_7c23, "-5.988180159386011e+243"),
    (0xa170_b338_3926_3059, "-1.306052388527796e-147"),
    (0x953f_48f1_a09f_76b5, "-2.436117699484841e-206"),
    (0x0fd6_30f1_f29d_0da9, "2.233386999150174e-232"),
    (0x95e6_0af5_93bd_04cf, "-3.51527970626667e-203"),
    (0x0cb1_e29c_658c_da14, "1.5987381841032883e-247"),
    (0x3898_d190_f9eb_dacc, "4.6678633181812096e-36"),
    (0x8e81_973e_0bec_d7b0, "-8.441872792105456e-239"),
    (0x2217_bead_dbc4_96cb, "1.9015657400796622e-144"),
    (0x6b4c_b242_4a23_d596, "7.370437700706684e+208"),
    (0x8a6a_63ec_24ed_e6a4, "-1.7163996725272777e-258"),
    (0x9227_6658_1e27_a1c0, "-3.2367190832119987e-221"),
    (0x8f6d_0558_4ef8_aa38, "-2.2818334634712625e-234"),
    (0xae97_ba94_d0ed_a82f, "-3.0536383926309363e-84"),
    (0x1a61_dbe2_2e44_158b, "1.3449551894627777e-181"),
    (0x923a_7369_94e3_bf91, "-7.317495976062606e-221"),
    (0x4110_f50b_c05c_5f08, "277826.9378523682"),
    (0xc10f_2727_50fe_d2dc, "-255204.91454853758"),
    (0x40f7_500e_e717_bb10, "95488.93141911575"),
    (0xc12a_af6c_19a0_97da, "-874422.0500533537"),
    (0xc12a_e13b_51f4_5f35, "-880797.6600675347"),
    (0xc121_f265_2612_b0c2, "-588082.5743613469"),
    (0x4116_057f_c913_883c, "360799.9463635718"),
    (0xc101_ad7b_1bfa_6674, "-144815.38866119424"),
    (0xc116_afe6_a311_7e24, "-371705.659246417"),
    (0x4104_e39d_d0ed_62c0, "171123.72701527737"),
    (0xc0f6_dbf3_f4c5_4698, "-93631.24725844932"),
    (0xc118_7148_066c_556e, "-400466.0062726353"),
    (0x4121_f7ad_ed14_3b60, "588758.9630449824"),
    (0x4118_4a93_7847_35a0, "397988.8674591426"),
    (0xc11f_3cfb_ea0a_8100, "-511806.9785556942"),
    (0x4102_2b7b_5d38_3238, "148847.42051734193"),
    (0x40e8_9b20_3e72_62e0, "50393.00762290298"),
    (0x4126_e585_fb77_99d8, "750274.9911468579"),
    (0x411c_022a_50c5_8230, "458890.5788784353"),
    (0xc119_e2f1_e181_40fe, "-424124.4702196269"),
]

@Suite("JSONWriter")
struct JSONWriterTests {
    @Test("doubles are written exactly like Python repr(float)")
    func doublesMatchPython() {
        for (bits, expected) in pythonDoubleReprs {
            let value = Double(bitPattern: bits)
            #expect(JSONWriter.compact.string(.double(value)) == expected, "bits \(String(bits, radix: 16))")
        }
    }

    @Test("every finite double round-trips through its text", arguments: [1, 2, 3, 4])
    func doublesRoundTrip(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: rng.next())
            guard value.isFinite else { continue }
            let text = JSONWriter.compact.string(.double(value))
            #expect(Double(text)?.bitPattern == value.bitPattern, "\(text)")
            #expect(text.contains(".") || text.contains("e"), "a double must read back as a float: \(text)")
        }
    }

    @Test("non-finite doubles are written as null")
    func nonFinite() {
        let value: JSONValue = [.double(.nan), .double(.infinity), .double(-.infinity)]
        #expect(JSONWriter.compact.string(value) == "[null,null,null]")
        #expect(value.containsNonFinite)
        #expect(!JSONValue.array([1.5, 2]).containsNonFinite)
    }

    @Test("integers including the extremes")
    func integers() {
        #expect(JSONWriter.compact.string(.int(0)) == "0")
        #expect(JSONWriter.compact.string(.int(-42)) == "-42")
        #expect(JSONWriter.compact.string(.int(.max)) == "9223372036854775807")
        #expect(JSONWriter.compact.string(.int(.min)) == "-9223372036854775808")
    }

    static let sample: JSONValue = [
        "a": "\u{e9}\u{7f}\u{01}\u{2028}😀\"\\/", "b": [], "c": [:], "d": [1, 2.5, nil, true],
    ]

    @Test("string escaping matches Python json.dumps with ensure_ascii True and False")
    func escaping() {
        #expect(
            JSONWriter(layout: .pythonLine, asciiOnly: true).string(Self.sample)
                == #"{"a": "\u00e9\u007f\u0001\u2028\ud83d\ude00\"\\/", "b": [], "c": {}, "d": [1, 2.5, null, true]}"#
        )
        #expect(
            JSONWriter.pythonLine.string(Self.sample)
                == "{\"a\": \"\u{e9}\u{7f}\\u0001\u{2028}😀\\\"\\\\/\", \"b\": [], \"c\": {}, \"d\": [1, 2.5, null, true]}"
        )
        #expect(JSONWriter.compact.string(["k": "\n\r\t\u{08}\u{0c}\u{1f}"]) == #"{"k":"\n\r\t\b\f\u001f"}"#)
    }

    @Test("pretty layout is Python json.dump(indent=2)")
    func pretty() {
        let value: JSONValue = ["a": "x", "b": [], "c": [:], "d": [1, 2.5, nil, true, ["e": [[:]]]]]
        let expected = """
            {
              "a": "x",
              "b": [],
              "c": {},
              "d": [
                1,
                2.5,
                null,
                true,
                {
                  "e": [
                    {}
                  ]
                }
              ]
            }
            """
        #expect(JSONWriter.pretty.string(value) == expected)
    }

    @Test("object keys keep insertion order; sortingKeys sorts recursively by UTF-8")
    func keyOrder() {
        let value: JSONValue = ["z": 1, "a": ["y": 2, "b": 3], "m": [["q": 1, "p": 2]]]
        #expect(JSONWriter.compact.string(value) == #"{"z":1,"a":{"y":2,"b":3},"m":[{"q":1,"p":2}]}"#)
        #expect(JSONWriter.compact.string(value.sortingKeys()) == #"{"a":{"b":3,"y":2},"m":[{"p":2,"q":1}],"z":1}"#)
    }

    @Test("writing appends to an existing buffer")
    func appends() {
        var buffer = Array("x".utf8)
        JSONWriter.compact.write([1, "a"], into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"x[1,"a"]"#)
    }

    @Test("accessors and equality")
    func accessors() {
        let value: JSONValue = ["a": 1, "b": 2.5, "c": "s", "d": [true], "e": nil]
        #expect(value["a"]?.int64Value == 1)
        #expect(value["a"]?.doubleValue == 1.0)
        #expect(value["b"]?.doubleValue == 2.5)
        #expect(value["c"]?.stringValue == "s")
        #expect(value["d"]?[0]?.boolValue == true)
        #expect(value["e"]?.isNull == true)
        #expect(value["zz"] == nil)
        #expect(JSONValue.int(1) != JSONValue.double(1))
        #expect(value != JSONValue.object([("a", 1)]))
        #expect(JSONValue(nil as String?) == .null)
        #expect(JSONValue(Optional(2.0)) == .double(2))
    }
}
