import type { Category } from './triage-labels.ts';

/**
 * Phrases that point at a category, with how strongly. Written from the desk's domain (the seed's topics and
 * what wallet customers report), in both languages, including the spellings customers actually type: 登陆 for
 * 登录, 帐户 for 账户, 体现 for 提现, "withdrawl", "recieve".
 *
 * `claim` marks phrases that state a fact about the account ("hacked", "冻结"), which a customer may deny or
 * only fear; those go through claimContext. Phrases that already carry their negation ("not received",
 * "没到账") or that name a topic rather than a state do not.
 *
 * These patterns (and priority-rules.ts's) run on whatever a stranger mails us, so runs of digits, numerals and
 * spaces are bounded ({0,30}, \s{0,6}): a pattern that tries an unbounded run from every position of a long run
 * is quadratic, and one mail of digits would hold the intake for a minute. pathological-input.test.ts times them.
 */
export type CategoryRule = { id: string; category: Category; weight: number; re: RegExp; claim?: boolean; unless?: RegExp };

const rule = (category: Category, id: string, weight: number, re: RegExp, claim = false, unless?: RegExp): CategoryRule => ({
  id: `${category}.${id}`,
  category,
  weight,
  re,
  claim,
  ...(unless ? { unless } : {}),
});

/**
 * "My phone was stolen" loses a 2FA device and "my Gmail was hacked" puts the account at risk, but neither is
 * our account taken over; tested on the words just before the match.
 */
export const DEVICE_BEFORE = /(?:phone|mobile|iphone|laptop|computer|pc|device|bag|backpack|purse|sim(?: card)?|e-?mail|gmail|mailbox|outlook|hotmail|wechat|telegram|discord|twitter|whatsapp|手机|电脑|设备|背包|包包|手机卡|邮箱|微信|电报|推特)\s*(?:was|got|has been|were|is|had been)?\s*[\u4e00-\u9fff]{0,4}$/i;

// Shared by the category and priority rules, so "took over my account" both points at security and makes it urgent.
export const TAKEOVER =
  /\b(?:hack(?:ed|d|ing)?|hacker|hackers|compromised|stolen|stole|taken over|took over|breached)\b|(?:got|get|gotten|broke) into my (?:account|wallet)|被盗|盗号|盗走|被黑|黑客|盗取|被偷|偷走|盗用|(?:被|让|给)(?:人|别人|他人|黑客)(?:给)?(?:控制|盗)|(?:被|给)盗|盗了|被控制|有人(?:在)?(?:操作|动)(?:我的)?(?:钱包|账户|账号|帐户|帐号)|\bsomeone (?:is|was) (?:using|in|inside|operating) my (?:account|wallet)/gi;

export const UNAUTHORIZED =
  /\bunauthori[sz]ed\b|\b(?:did(?:n't|nt| not)|never) (?:make|made|authori[sz]e|authori[sz]ed|initiate|initiated|approve|approved|request|requested|send|sent|withdr[ae]w|withdrawn|perform|performed|place|placed)\s+(?:this|that|these|those|it|them|the|any|anything|such)\b(?![^.\n]{0,40}\byet\b)|\bthat i (?:did(?:n't|nt| not)|never) (?:make|made|authori[sz]e|initiate|approve|request|send|sent|do)\b|\b(?:did(?:n't|nt| not)|never) (?:do|did) (?:this|that|it)\b|\b(?:wasn't|was not|wasnt|not) me\b|\bi (?:did(?:n't|nt| not)|never) authori[sz]ed?\b|without my (?:permission|consent|knowledge|approval)|\b(?:address|wallet)\b[^.\n]{0,25}\b(?:i(?:'ve| have)? never (?:used|seen|sent to)|i (?:don't|do not) (?:know|recogni[sz]e))|\bi was (?:asleep|sleeping|at work|on a plane)\b|(?:从来)?没(?:有)?(?:用过|见过)的地址|不认识的地址|陌生(?:的)?地址|我?(?:当时|那时候?)(?:正)?在睡觉|未经(?:过)?(?:我的?|本人的?)?(?:授权|允许|同意)|不是我(?:本人)?(?:操作|提的|转的|发起|授权|做的|弄的|登录|登陆)|(?:我|本人)(?:并|根本|从来|完全)?没有?(?:做过?任何|任何)?(?:操作|授权)(?:过)?|莫名其妙(?:地|的)?(?:被|少了|转出|没了)/gi;

export const DRAINED =
  /\bdrained\b|\bemptied\b|\bmissing from my (?:account|wallet|balance)\b|\b\d[\d,.]{0,30}\s{0,6}(?:usdt|usdc|eth|btc|sol|trx|bnb)\s{1,6}(?:is|are|was|were) missing\b|\b(?:funds|coins?|balance|assets|money|crypto|tokens?|usdt|usdc|eth|btc|sol|everything|all (?:of )?my \w+)\s+(?:\w+\s+){0,4}(?:gone|vanished|disappeared)\b|\bbalance (?:suddenly )?(?:became|went to|dropped to|turned|now shows|is now) (?:zero|0)\b|\b(?:sent|went|transferred) (?:out )?to an? (?:unknown|strange|unfamiliar) (?:address|wallet)|\b(?:everything|all (?:of )?(?:my|the) \w+) (?:went|was sent|got sent|was transferred|was moved) to\b|\b(?:took|stole|taken|emptied|withdrew|transferred out) (?:all |everything |)(?:of )?my (?:\w+ )?(?:funds|coins|money|crypto|tokens?|btc|eth|usdt|usdc|sol|assets|balance)|\b(?:someone|somebody|they|hackers?|he|the attacker)\s+(?:\w+\s+){0,6}(?:withdrew|transferred|moved|took|stole|sent out)\b|\b(?:my \w+|funds|coins|everything) (?:was|were|got|has been|have been) (?:sent|moved|transferred|withdrawn) out\b|\bsomeone (?:is|keeps) (?:moving|withdrawing|sending|transferring)|(?:一直|正在|不停)(?:在)?(?:往外|向外)转|往外转(?:币|钱|U)|(?:btc|eth|usdt|usdc|sol|bnb|trx|u|币|钱|资产|余额)(?:全部|全|都|也)?没了|余额(?:突然)?少了|(?:资产|币|钱|U|u|USDT|usdt)(?:突然|莫名)?少了|被(?:人)?转(?:走|出)|转走了|被提走|被(?:人)?提(?:币|现)了|(?:资产|币|钱|余额|U|usdt|USDT)(?:全部|全|都)?(?:没了|不见了?|消失了?|被清空)|余额(?:突然)?(?:变成|变为|成了|归零|清零)|不翼而飞|莫名(?:其妙)?(?:少了|转出)/gi;

export const CREDENTIALS_CHANGED_BY_OTHER =
  /\b(?:someone|somebody|hackers?|they|a stranger)\s+(?:\w+\s+){0,2}(?:changed|reset|replaced|removed)\s+(?:my |the )?(?:password|e-?mail|phone|number|2fa|authenticator)|(?:密码|邮箱|手机号?|绑定(?:的)?手机|谷歌验证器?|2FA|2fa)(?:被(?:人|别人|黑客|他人)?(?:改|修改|更改|换|重置|解绑)(?:了|掉)?)/gi;

export const SECRET_GIVEN_AWAY =
  /\b(?:gave|shared|sent|told|entered|typed|pasted|leaked|exposed|revealed|provided|imported)\s+(?:\w+\s+){0,4}(?:seed|recovery|secret|mnemonic|private key|12 words|24 words)|\b(?:showed|shown|show|read out|photographed)\s+(?:\w+\s+){0,3}(?:seed|recovery|secret|mnemonic|private key)|\b(?:seed|recovery|secret) phrase (?:was|got|has been|is) (?:leaked|exposed|stolen|compromised)|(?:泄露|泄漏|告诉|给了|发给|输入|填写|填了|提供|导入|给他看|给她看|拍给)(?:了)?[^,。,.!?]{0,8}(?:助记词|私钥)|(?:助记词|私钥)给(?:他|她|对方|别人)看|(?:助记词|私钥)(?:[^,。,.]{0,4})(?:泄露|泄漏|被盗|给了|被人知道|发给)/gi;

/** The customer's mailbox or chat account was broken into: the way in to ours, so a security matter, not yet a takeover. */
export const EXTERNAL_ACCOUNT_COMPROMISED =
  /\b(?:e-?mail|gmail|mailbox|outlook|hotmail|wechat|telegram|discord|whatsapp) (?:account )?(?:was|got|has been|is|were) (?:hacked|compromised|stolen|taken over)|(?:邮箱|微信|电报)(?:[\u4e00-\u9fff]{0,4})(?:被黑|被盗)/gi;

export const LOST_2FA =
  /\b(?:lost|broke|broken|stolen|reset|wiped|factory reset)\s+(?:\w+\s+){0,3}(?:phone|device|authenticator|2fa)\b[^.\n]{0,60}\b(?:2fa|authenticator|google auth\w*|codes?)\b|\b(?:2fa|authenticator|google auth\w*)\b[^.\n]{0,40}\b(?:lost|gone|deleted|reset|no longer|not working|wrong|invalid|expired)|\breset (?:my )?(?:2fa|authenticator|two[- ]factor)|(?:谷歌验证器?|谷歌验证码|google验证器?|身份验证器|验证器|2FA|2fa|双重认证|二次验证)[^,。,.]{0,8}(?:丢|没了|删了|删除|卸载|不见|失效|不对|错误|用不了|无法使用|找不到|没有?备份|输不了)|(?:丢|卸载|删)[^,。,.]{0,8}(?:谷歌验证器?|身份验证器|验证器)|重置(?:谷歌验证|2FA|2fa|验证器|双重认证)/gi;

export const CATEGORY_RULES: CategoryRule[] = [
  // security: someone else acting on the account, scams aimed at it, and the measures that protect it.
  rule('security', 'takeover', 6, TAKEOVER, true, DEVICE_BEFORE),
  rule('security', 'unauthorized', 6, UNAUTHORIZED),
  rule('security', 'drained', 5, DRAINED, true),
  rule('security', 'credentials_changed', 6, CREDENTIALS_CHANGED_BY_OTHER),
  rule('security', 'secret_leaked', 6, SECRET_GIVEN_AWAY),
  rule(
    'security',
    'phishing',
    4,
    /(?<!anti-?)phishing|\bscam(?:mer|mers|med|s)?\b|\bfake (?:support|site|website|app|email|mail|customer service|wallet|link|agent|page)|impersonat\w*|\bfraud\w*|钓鱼|诈骗|骗子|骗局|被骗|骗了|假冒|冒充|假客服|假(?:的)?(?:网站|网址|链接|邮件|app|APP|客服)|可疑(?:的)?(?:邮件|链接|短信|电话|网站)|\bsuspicious (?:e-?mail|mail|link|message|sms|text|call|website|site)|\bis this (?:e-?mail|mail|message|link|site|website) (?:real|legit\w*|from you|genuine|official)|\bis (?:it|this|that) (?:really )?(?:from you|legit\w*|genuine)\b|\breally from you\b|\b(?:strange|weird|suspicious|fake) (?:domain|url|sender)|是你们发的吗|是不是你们发的|是官方的吗|是不是官方|(?:邮件|链接|短信|网站)是(?:真的|你们|官方)|\bpretend(?:ing|ed|s)? to be\b|\bclaim(?:ing|ed|s)? to be (?:from|your|an?)\b|\bsaid (?:he|she|they) (?:is|was|are|were) from (?:your|the)|自称(?:是)?(?:你们|官方|客服)|\bsign(?:ed)? (?:a |the |this )?(?:message|transaction|approval|permit)|\bapprov(?:e|ed) (?:a |the )?(?:contract|token|spending)|\bconnect(?:ed)? my wallet\b|签名|授权(?:了)?(?:合约|签名)|连接(?:了)?钱包/gi,
  ),
  rule(
    'security',
    'attack_technique',
    9,
    /\bsim[- ]?swap\w*|\bported my (?:phone )?number|\bclipboard\b|\bmalware\b|\bvirus\b|\btrojan\b|\bkeylogger\b|\baddress poisoning\b|\bpoison\w*|\bdust(?:ing)? (?:attack|transactions?)|补办了?(?:我的)?(?:手机)?卡|剪贴板|木马|病毒|地址投毒|投毒|粉尘攻击/gi,
  ),
  rule('security', 'approvals', 4, /\brevok\w+|\btoken approvals?\b|\bapprovals?\b|代币授权|取消授权|授权管理/gi),
  rule('security', 'secret', 3, /\bseed phrase|\brecovery phrase|\bsecret phrase|\bmnemonic|\bprivate key|助记词|私钥|密钥/gi),
  rule(
    'security',
    'two_factor',
    3.5,
    /\b2fa\b|\bmfa\b|two[- ]?factor|\b2[- ]?step|two[- ]?step|authenticator|google auth\w*|\botp\b|谷歌验证|谷歌身份验证|google验证|双重(?:认证|验证)|二次验证|两步验证|二步验证|身份验证器|验证器|动态(?:码|口令)/gi,
  ),
  rule('security', 'lost_2fa', 6, LOST_2FA),
  rule('security', 'external_account', 6, EXTERNAL_ACCOUNT_COMPROMISED),
  rule('security', 'whitelist', 4, /\bwhitelist\w*|\ballowlist\w*|白名单/gi),
  rule('security', 'sessions', 3, /\bsign (?:me )?out (?:of )?(?:all|every)|\blog (?:me )?out (?:of )?(?:all|every)|\ball (?:sessions|devices)\b|退出(?:所有|全部)?(?:设备|登录)|所有设备/gi),
  rule(
    'security',
    'suspicious_login',
    4,
    /\bsuspicious (?:login|log-in|sign-in|activity|access|ip)|\bunusual (?:login|sign-in|activity|location|access)|\b(?:login|sign-in|signed in|logged in|log in) from (?:an? )?(?:unknown|new|different|strange|unfamiliar|another|foreign)|\b(?:unknown|unrecogni[sz]ed|strange|unfamiliar|foreign) (?:device|ip|location|login|country)|\blogin alert|\bnew (?:login|sign-in)\b|\bnew device (?:signed|logged|login|sign-in|log-in)|(?:login|sign-in|signed in|logged in) (?:from|on|with) (?:a )?new device|新设备(?:登录|登陆)|(?:登录|登陆)记录[^。]{0,15}不是我|\b(?:logins?|sign-ins?) (?:that )?(?:weren't|wasn't|were not|was not|isn't|aren't) (?:me|mine)\b|\bdo(?:n't| not) recogni[sz]e|\bdid(?:n't| not) recogni[sz]e|异地登录|异地登陆|异常登录|异常登陆|陌生(?:的)?(?:设备|ip|IP|地点|登录)|新设备登录|登录提醒|可疑(?:登录|活动|操作)|异常(?:活动|操作)/gi,
    true,
  ),
  rule(
    'security',
    'freeze_request',
    4,
    /\b(?:please|pls|plz|can you|could you|need you to|want to|immediately|asap|help me)\s+(?:\w+\s+)?(?:freeze|lock|block|disable)\b|(?:请|帮我|麻烦|立即|马上|赶紧|赶快|尽快|立刻)(?:帮我)?(?:先)?(?:冻结|锁定|锁住|封锁)/gi,
  ),
  rule('security', 'password_safety', 2, /\bstrong(?:er)? password|\bpassword (?:strength|leak|leaked|manager|requirements?)|\bchange (?:my )?password|\bsame password|密码(?:强度|泄露|安全|管理)|修改(?:登录)?密码|改(?:了)?密码|相同的?密码/gi),
  rule('security', 'login_history', 4, /\blog ?in (?:activity|history|records?|alerts?)|\bsign-in (?:activity|history)|登录(?:记录|历史|活动)|登陆记录/gi),
  rule(
    'security',
    'unrequested_reset',
    8,
    /\b(?:password reset|reset (?:e-?mails?|links?|codes?|requests?)|verification codes?|login codes?|otp)\b[^.\n]{0,60}\b(?:did(?:n't| not)|never)\s+(?:\w+\s+){0,2}(?:request|ask)|\b(?:did(?:n't| not)|never)\s+(?:\w+\s+){0,2}(?:request|ask for)(?:ed)?\s+(?:\w+\s+){0,2}(?:reset|codes?)\b|\bsomeone (?:is |was )?(?:trying|tried|attempting) to (?:log ?in|get into|access|hack|sign in)|(?:重置密码|验证码|登录验证)[^。]{0,20}(?:我|本人)?(?:并|根本|从来)?(?:没有?|未)(?:申请|请求|操作)|有人在?(?:试|尝试)(?:登录|我的(?:账号|账户|密码))|试我的(?:账号|账户|帐号|密码)|\b(?:someone|somebody) (?:else )?(?:has |had )?(?:logged|logs|signed|got|is logged|was logged) in(?:to)? my (?:account|wallet)|(?:被|让|给)(?:人|别人|他人|陌生人)(?:给)?(?:登录|登陆|登入)/gi,
  ),
  rule('security', 'anti_phishing', 3, /anti-?phishing|防钓鱼码|防钓鱼/gi),
  rule('security', 'public_wifi', 2, /\bpublic wi-?fi|公共(?:wifi|WiFi|WIFI|网络|无线)/gi),
  rule('security', 'general', 1, /\bsecurity\b|\bsecure\b|安全/gi),

  // account: getting into the account and its lifecycle.
  rule('account', 'login', 2.5, /\blog ?in\b(?! (?:activity|history|records?|alerts?))|\blogin\b(?! (?:activity|history|records?|alerts?))|\bsign(?:ing)? ?in\b|\blogon\b|\blog on\b|登录|登陆|登入|登不上|登不进|进不去/gi),
  rule(
    'account',
    'locked_out',
    3,
    /\bcan(?:'t|not|t)\s+(?:\w+\s+)?(?:log ?in|login|sign ?in|acc?ess? (?:my |the )?acc?oun?t|get into|get in)\b|\bunable to (?:log ?in|login|sign ?in|acc?ess? (?:my |the )?acc?oun?t)|\blocked out\b|\block(?:ed)? me out\b|\b(?:login|sign-in|log in) (?:failed|fails|not working|doesn't work|error)|(?:登录|登陆|登入)(?:不了|不上|不进去?|失败|异常|报错)|(?:无法|不能|没法|没办法)(?:正常)?(?:登录|登陆|登入|进入(?:我的)?(?:账户|账号|帐户|帐号))|登不上|登不进|进不去/gi,
  ),
  rule(
    'account',
    'lockout',
    5,
    /\btoo many (?:attempts|tries|wrong|failed)|\b(?:wrong|incorrect) password (?:\w+ ){0,4}(?:times|attempts)|(?:密码|password)[^。.]{0,10}(?:输错|错了)[^。.]{0,10}(?:几次|多次|次)|输错(?:了)?(?:几|多|好几|\d+)次/gi,
  ),
  rule(
    'account',
    'password_forgotten',
    3,
    /\bforg[eo]t(?:ten)? (?:my )?pass?word|\breset (?:my |the )?pass?word|\bpassword reset\b(?! e-?mails?| notifications?| requests?)|\b(?:wrong|incorrect|invalid) pass?word|\bpass?word (?:is )?(?:wrong|incorrect|not working)|忘(?:记|了)(?:登录)?密码|找回密码|重置密码(?!的?(?:邮件|链接|短信|通知))|密码(?:错误|不对|忘了|忘记)/gi,
  ),
  rule(
    'account',
    'code_missing',
    3,
    /\b(?:verification|confirmation|sms|email|e-mail|login|security) code\b[^.\n]{0,25}(?:not|n't|never)|\b(?:not|n't|never)\b[^.\n]{0,25}\b(?:verification|confirmation|sms|email|login|security) code|收不到(?:验证码|短信|邮件)|(?:没|未)(?:有)?收到(?:任何)?(?:验证码|短信验证码|短信|邮件验证码)|验证码(?:收不到|没收到|不来|发不出|一直没)/gi,
  ),
  rule('account', 'code', 1.5, /\bverification code|\bconfirmation code|\bsms code|验证码/gi),
  rule(
    'account',
    'register',
    3,
    /\bsign(?:ing)? ?up\b|\bregist(?:er|ration|ered|ering)\b|\bcreat(?:e|ed|ing) (?:an |a new |my )?account|\bopen(?:ing)? (?:an |a new )?account|注册|开户|创建(?:账户|账号|钱包)/gi,
  ),
  rule(
    'account',
    'close',
    3.5,
    /\b(?:delete|close|deactivate|remove|cancel|terminate) (?:my |the |this )?(?:account|wallet account)|\baccount (?:deletion|closure)|注销(?:账户|账号|帐户|帐号|我的)|销户|删除(?:账户|账号)/gi,
  ),
  rule('account', 'locked', 2, /\blocked\b|锁定|被锁/gi, true),
  rule('account', 'new_handset', 1.5, /\bnew phone\b(?! number)|\bchanged (?:my )?phones?\b(?! number)|换(?:了)?(?:新)?手机(?!号)|新手机(?!号)/gi),
  rule('account', 'username', 1, /\buser ?name\b|\buid\b|用户名|用户id|用户ID/gi),
  rule('account', 'generic', 0.7, /\bacc(?:oun)?t\b|\bacount\b|\baccounts\b|账户|账号|帐户|帐号/gi),

  // transaction: money moving on or off the wallet.
  rule('transaction', 'withdraw', 2.5, /\bwith?d(?:th)?r[ae]w(?:a?l|el|ing|n|s|als)?\b|\bwidthdraw\w*|\bwithdrawl\w*|\bcash(?:ed)? out\b|提币|提现|体现|提款|转出|出金/gi),
  rule('transaction', 'deposit', 2.5, /\bdeposit(?:e|ed|s|ing)?\b|\btop(?:ped)? ?up\b|充值|冲值|充币|入金|转入/gi),
  rule('transaction', 'transfer', 2, /\btrans?f[ea]r(?:r?ed|ing|s)?\b|\btranfer\w*|\bremittance\b|转账|转币|转给|打币|收币|收款|汇款/gi),
  rule('transaction', 'send_receive', 0.8, /\bsen[dt]\b|\bsending\b|\brecei?ved?\b|\brecie?ved?\b|发送|收到/gi),
  rule(
    'transaction',
    'not_arrived',
    3,
    /\b(?:not|n't|never|yet to)\s+(?:\w+\s+)?(?:arrived?|credited|received|reflected|show(?:n|ing|ed)? up|showing|appear(?:ed)?|landed|come through)\b(?![^.\n]{0,15}\b(?:code|sms|otp|e-?mail|link)\b)|\bhasn't (?:arrived|come)|\bnot in my (?:wallet|account|balance)|\bmissing (?:deposit|withdrawal|funds|transfer|coins|transaction)|\b(?:deposit|withdrawal|transfer|funds|coins|payment)\s+(?:\w+\s+){0,2}(?:missing|lost|never arrived)|\bnot arr?ived?\b|\bwhere (?:is|are) my (?:money|funds|deposit|withdrawal|coins|usdt|eth|btc|crypto|transfer)|\b(?:shows|showing) nothing\b|\bnothing (?:has )?(?:arrived|came|in my (?:wallet|account|bank|balance))|\bbalance (?:still )?(?:shows|is) (?:the )?(?:same|old)|\bstill (?:shows?|showing) (?:zero|0|nothing|the (?:old|same))|\bnot showing\b|\bnot back\b|\b(?:still )?(?:don't|do not|didn't|haven't) (?:have|got|get|see) (?:it|them|the (?:funds|money|coins|deposit))\b|还是(?:0|零)|还没回到|没(?:有)?退回|未退回|没回来|(?:没|未|不|还没|还未|没有)(?:有)?(?:到账|到帐|入账)|(?:没|未|还没|还未)(?:有)?到(?![期时点底][^,。,.]{0,4}|[^,。,.]{0,4}(?:验证码|短信|邮件))|迟迟|还没到|一直没(?:到|收到|显示)|(?:还是|一直|仍然|依然)没(?:有)?(?:显示|到|收到|变化)|余额(?:还是|没有?)(?:变化?|原来)|什么都没有|(?:我的)?(?:钱|币|U|u)呢|(?:没|未)(?:有)?收到(?![^,。,.]{0,4}(?:验证码|短信|邮件|回复))/gi,
  ),
  rule('transaction', 'arrival', 1.5, /\barriv(?:e|ed|al)\b|\bcredited\b|到账|到帐|入账/gi),
  rule(
    'transaction',
    'stuck',
    3,
    /\bstuck\b|\bstill pending\b|\b(?:pending|processing)\b["'”]?\s+(?:since|for|over|more)\b|\bbeen pending\b|(?:还|仍|依然)(?:在|显示|是)?处理中|处理了(?:\d{1,6}|[一二两三四五六七八九十几]{1,12})(?:天|个小时|小时)|\bnot confirmed\b|\bunconfirmed\b|卡住|卡在|一直(?:在|显示|是)?(?:处理中|确认中|pending|待确认|转圈|未确认|审核)|处理中|待确认|未确认|没(?:有)?确认/gi,
  ),
  rule(
    'transaction',
    'wrong_destination',
    4,
    /\bwrong (?:network|chain|address|coin|token|memo|tag|blockchain)|\bincorrect (?:network|chain|address|memo|tag)|\bwent to (?:my |an? |the )?(?:old|wrong|different|previous|another)\b|\b(?:forgot|without|missing|no) (?:the |a )?(?:memo|destination tag)\b|\b(?:btc|eth|usdt|usdc|trx|sol|bnb|xrp|ltc)\b[^.\n]{0,30}\b(?:to|into) (?:an? |my |the )?(?:btc|eth|usdt|usdc|trx|sol|bnb|xrp|ltc|erc-?20|trc-?20|bep-?20) (?:address|withdrawal field)|\bpasted (?:the |my |an? )?(?:wrong|old|\w+) address\b|(?:粘贴|复制)(?:错|成)(?:了)?|(?:btc|eth|usdt|BTC|ETH|USDT)[^,。]{0,10}(?:提|转|充)到了?(?:我的)?(?:btc|eth|usdt|BTC|ETH|USDT|ERC20|TRC20|BEP20)地址|(?:转|充|提)错(?:了)?(?:网络|地址|链|币)?|(?:打|发)错(?:了)?(?:网络|地址|链)|(?:选|填)错(?:了)?(?:网络|地址|链|主网|memo|备注|标签)|错误的?(?:网络|地址|链|主网)|(?:网络|地址|链|memo|备注|标签)(?:选|填|写)?错(?:了)?|没填(?:memo|备注|标签)|忘(?:记|了)填?(?:写)?(?:memo|备注|标签)/gi,
  ),
  rule('transaction', 'failed', 2, /\bfail(?:ed|s|ure|ing)?\b|\bunsuccessful\b|\brejected\b|\breverted\b|失败|不成功|被拒/gi),
  rule('transaction', 'generic', 1.5, /\btransactions?\b|\btx(?:id|n|s)?\b|\bhash\b|\bconfirmations?\b|\bblock ?chain\b|\bexplorer\b|etherscan|tronscan|bscscan|solscan|mempool|\bmemo\b|交易(?!手续费|费)|哈希|区块|确认数|链上|浏览器/gi),
  rule('transaction', 'swap', 2, /(?<!sim[- ]?)\bswap(?:ped|ping|s)?\b|\bconvert(?:ed|ing)?\b|\btrade(?:s|d)?\b|\btrading\b|\bbuy order|\bsell order|兑换|闪兑|交易对|买入|卖出|下单|订单|成交/gi),
  rule('transaction', 'earn', 2.5, /\bstak(?:e|ed|ing)\b|\brewards?\b|\binterest\b|\bnfts?\b|\bairdrops?\b|质押|收益|利息|理财|空投/gi),
  rule('transaction', 'address', 1.5, /(?<!(?:e-?mail|home|residential|mailing|postal|billing|ip) )\baddress(?:es)?\b|(?<!邮箱|邮件|家庭|居住|通讯|联系|收货)地址/gi),
  rule('transaction', 'chain_literal', 3, /\b0x[0-9a-f]{64}\b|\b[0-9a-f]{64}\b|\b0x[0-9a-f]{40}\b|\bT[1-9A-HJ-NP-Za-km-z]{33}\b|\bbc1[a-z0-9]{25,59}\b/gi),
  rule('transaction', 'amount', 1, /\d[\d,.]{0,30}\s{0,6}(?:btc|eth|usdt|usdc|trx|bnb|sol|xrp|doge|ltc|u)\b|\d[\d,.]{0,30}\s{0,6}(?:个|枚)?(?:比特币|以太坊|以太币|泰达币|U)/gi),

  // fees: what a transaction costs and why.
  rule('fees', 'fee', 5, /\bfees?\b|\bdo you charge\b|\bcharges? (?:for|on)\b|\bgas\b|\bcommissions?\b|\bnetwork cost|手续费|手续费用|矿工费|网络费|gas费|燃料费|服务费|费率|收费|扣费|佣金|手续废/gi),
  rule('fees', 'charge', 1.5, /\bcharge[sd]?\b|\bcharging\b|\bovercharg\w*|\bdeducted\b|\bcosts?\b|\bhow much\b|\bpricing\b|\bexpensive\b|扣了|多扣|扣除|多收|太贵|很贵|好贵|费用|多少钱/gi),
  rule('fees', 'promotion', 3, /\bpromotions?\b|\bpromo\b|\bdiscount\w*|\bwaive[sd]?\b|(?<!feel )\bfree\b(?! (?:to|of|from))|\brebates?\b|\bcashback\b|\bvip (?:level|tier|rate)|免费|免手续费|优惠|折扣|减免|返现|返佣|推广活动|活动期间/gi),
  rule('fees', 'schedule', 3, /\bfee (?:schedule|structure|table|list|rate)|费率表|收费标准|手续费标准|费用标准/gi),
  rule('fees', 'refund', 1.5, /\brefund\w*|退还|退款|退回/gi),

  // personal_info: the facts about the customer held on the account.
  rule(
    'personal_info',
    'change',
    5,
    /\b(?:change|update|modify|edit|correct|replace|switch|bind|unbind|link|unlink|amend)\w*\s+(?:\w+\s+){0,3}(?:phone number|mobile number|phone|mobile|cell(?:phone)?|number|e-?mail(?: address)?|name|surname|id(?: card| document)?|passport|date of birth|birthday|nationality|personal (?:info|information|details|data)|profile|kyc (?:info|information|details))\b|\b(?:change|update|modify|correct)\w*\s+(?:my |our )?(?:home |residential |postal |mailing )?address\b(?! book| whitelist)|\b(?:home|residential|postal|mailing) address\b|\b(?:e-?mail|phone|name)\b[^.\n]{0,40}\btypo\b|\btypo\b[^.\n]{0,40}\b(?:e-?mail|phone|name)\b|\bwrong (?:mailbox|e-?mail address|phone number)\b|\b(?:phone|mobile|number|e-?mail|name|surname|passport|birthday|date of birth)\b\s+(?:\w+\s+){0,3}(?:misspelled|spelled wrong|wrong|incorrect|incorrectly|no longer|not valid|expired|deactivated|disconnected|out of service)|\b(?:new|old|previous|former) (?:phone number|mobile number|number|e-?mail(?: address)?|passport|id card)\b|(?:修改|更改|更换|换绑|变更|更新|改|换|绑定|解绑|重新绑定|改成|改为)(?:了|一下|下)?(?:我的|账户的?|账号的?|绑定的?|注册的?|原来的?|登录)?(?:手机号码?|手机号|电话号码?|邮箱(?:地址)?|邮件地址|电子邮件|姓名|名字|身份证(?:号)?|证件(?:信息)?|护照|个人信息|个人资料|生日|出生日期|国籍|实名信息|住址)|(?:修改|更改|换绑|变更|绑定|解绑)(?:了|一下)?(?:我的)?手机|(?:手机号码?|电话号码?|邮箱|姓名|名字|身份证|证件|护照|实名信息|出生日期|生日|住址)[^,。,.!?]{0,6}(?:写错|填错|输错|打错|拼错|有误|错了|不对|不用了|停用|丢了|丢失|过期|到期|换了|变了|被注销|已更换|已停用|无法使用|不能用|注销了|需要更新|要更新|怎么改|在哪(?:里)?改)|(?:修改|更改|更新|变更)(?:我的|家庭|居住)?(?:地址|住址)|(?:旧|原|老|新)(?:的)?(?:手机号码?|手机号|电话号码?|邮箱|护照|身份证)/gi,
  ),
  rule('personal_info', 'generic', 2, /\bpersonal (?:info|information|details|data)\b|\bprofile\b|\baccount settings\b|个人信息|个人资料|账户设置|账号设置|资料修改/gi),
  rule('personal_info', 'name', 2.5, /\bmy (?:legal |full |real |last |first )?name\b|\bname on (?:the|my) account\b|\bpinyin\b|\blast name\b|\bsurname\b|姓名|名字|拼音|改姓/gi),
  rule('personal_info', 'contact_details', 1, /\bphone number\b|\bmobile number\b|\be-?mail address\b|手机号|邮箱地址|绑定邮箱|绑定手机/gi),
  rule('personal_info', 'documents', 1.5, /\bid (?:card|document)s?\b|\bpassport\b|\bdriver'?s licen[cs]e\b|身份证|护照|证件|驾照/gi),

  // restriction: the operator limited the account and the customer wants it lifted.
  rule(
    'restriction',
    'restricted',
    5,
    /\brestrict(?:ed|ion|ions)?\b|\bfrozen\b|\bfreez(?:e|ing)\b|\bsuspend(?:ed|sion)?\b|\bbanned\b|\bblocked\b|\bdisabled\b|\blimited\b(?! time)|\blimitations?\b|\bdeactivated\b|\bon hold\b|\blocked by\b|\block(?:ed)? (?:for|due to|because of) (?:security|risk|compliance|suspicious|review)|冻结|限制|受限|封号|被封|封禁|封了|风控|禁用|禁止(?:提币|提现|交易|登录|转账)|暂停(?:使用|提币|提现|交易)|被暂停|被禁用|(?:功能|账户|账号)(?:已)?(?:被)?(?:暂停|停用|禁用)/gi,
    true,
  ),
  rule('restriction', 'locked', 2, /\blocked\b(?! out)|锁定|被锁/gi, true),
  rule(
    'restriction',
    'verification',
    3,
    /\bkyc\b|\bidentity verification\b|\bverify (?:my )?identity\b|\bverification (?:pending|failed|rejected|incomplete|required|process|status|review)|\bproof of (?:identity|address)|\b(?:complete|finish|pass|do) (?:the |my )?(?:identity )?verification\b|\bselfie\b|实名认证|实名|身份认证|身份验证(?!器)|人脸识别|人脸|认证(?:失败|未通过|审核|不通过)|审核(?:中|失败|未通过|不通过)/gi,
  ),
  rule(
    'restriction',
    'lift',
    4,
    /\bunfreeze\b|\bunlock (?:it|my|the)\b|\blift(?:ed|ing)? (?:the |my )?(?:restriction|limit|suspension|ban|freeze|hold)|\bappeal\w*|\breinstate\w*|\bunban\w*|\brestore (?:my )?access|解冻|解封|解除(?:限制|冻结|封禁|锁定)|申诉|恢复(?:使用|交易|提币|提现|正常)/gi,
  ),
  rule(
    'restriction',
    'limit',
    4,
    /\b(?:withdrawal|daily|deposit|transfer|monthly) limits?\b|\blimits? (?:increase|raise)|\b(?:raise|increase|lift) (?:my |the )?(?:\w+ )?limits?\b|(?:提币|提现|充值|转账|每日|单日|每天的?(?:提币|提现)?)额度|提高额度|提升额度/gi,
  ),
  rule(
    'restriction',
    'cannot_use_funds',
    4,
    /\bcan(?:'t|not|t)\s+(?:\w+\s+)?(?:withdraw|trade|transfer)\b|\b(?:withdrawals?|trading|transfers?) (?:is |are |has been |have been )?(?:disabled|blocked|suspended|not allowed|unavailable)|(?:无法|不能|不可以)(?:提币|提现|交易|转账)|提不了|提不出|转不出|提现(?:按钮)?(?:变灰|灰色|不可用)/gi,
  ),

  // other: mail that is not about the customer's wallet at all.
  rule(
    'other',
    'spam',
    6,
    /\bunsubscribe\b|\bseo\b|\bbacklinks?\b|\bguest post|\bweb design|\bmarketing (?:services|agency|campaign)|\bpromote your\b|\bincrease your (?:traffic|sales|ranking)|\binvestment opportunit|\bguaranteed (?:returns?|profits?)|\bloan offer|\bcasino\b|\bdear (?:sir|madam|friend|beneficiary)|\bwe (?:are|offer) (?:a )?(?:leading|professional|top)|\bpress release|\bsponsor(?:ed|ship)\b|加微信|加v|加V|刷单|兼职|日赚|月入|稳赚|保本|高回报|投资机会|代理|推广(?!活动)|商务合作|广告/gi,
  ),
  rule(
    'other',
    'business',
    5,
    /\bpartnership\b|\bcollaborat\w+|\bbusiness (?:proposal|cooperation|development|inquiry)|\blisting (?:proposal|request|application)|\blist (?:our|my) (?:token|coin|project)|\btoken listing\b|\bkol\b|\binfluencer\w*|\baffiliate\b|\bintegrat(?:e|ion) (?:with|your)|合作|上币|项目方|渠道合作/gi,
  ),
  rule(
    'other',
    'feedback',
    3,
    /\bsuggestions?\b|\bfeedback\b|\bfeature request|\bdark mode\b|\bwould be (?:nice|great|good)\b|\bplease add\b|\bsuggest\b|\bi love (?:the|your) app\b|\bgreat app\b|建议|意见反馈|用户反馈|希望(?:增加|能增加|可以增加|支持|加入)|夜间模式|深色模式|好评|界面/gi,
  ),
  rule('other', 'job', 5, /\bmy (?:resume|cv)\b|\battached (?:my )?(?:resume|cv)\b|\bjob (?:opening|application|vacancy)|\bcareers?\b|\bhiring\b|\binternship\b|应聘|求职|简历|招聘|岗位|实习/gi),
  rule(
    'other',
    'app',
    3,
    /\bapp\b\s+(?:\w+\s+){0,2}(?:crash\w*|freezes|not (?:open|load)\w*|won't (?:open|load)|keeps? (?:closing|crashing))|\bcrash(?:es|ed|ing)?\b|\bbug\b|\bwidgets?\b|\bnotifications? (?:not|don't|doesn't)|小组件|\blanguage\b|语言|\bglitch\w*|闪退|打不开|卡顿|白屏|黑屏|崩溃|无法打开|更新(?:后|失败)|新版本|旧版本/gi,
  ),
  rule(
    'other',
    'official_channel',
    3,
    /\bofficial (?:email|e-mail|website|site|channel|address|telegram|twitter|app)|\bcustomer service (?:hours|number|phone)|\bworking hours\b|\bhotline\b|\bphone support\b|官方(?:邮箱|网站|网址|渠道|客服|电报|推特|app|APP)|客服(?:电话|时间)|工作时间|人工客服/gi,
  ),
  rule('other', 'auto_reply', 8, /\bout of (?:the )?office\b|\bauto(?:matic)?[- ]?reply\b|\bon (?:annual )?leave until\b|\blimited access to (?:e-?mail|my e-?mail)|自动回复|休假中|不在办公室/gi),
  rule('other', 'thanks', 1, /\bthank(?:s| you)\b|谢谢|感谢|多谢/gi),
];
