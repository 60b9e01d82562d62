import { mail, type LabelledMail } from './labelled-mail.ts';

/**
 * The hard part of real mail: rambling bodies, one-word subjects, typos, informal Chinese, mixed languages,
 * quoted replies, forwarded notices and signatures. Written for the corpus; the labelling policy is in corpus.ts.
 */
export const messyCorpus: LabelledMail[] = [
  // long, rambling, Chinese
  mail('transaction', 'high', '求助', `客服你好,
事情是这样的,我上周五(就是8号)晚上大概九点多的时候,从火币那边往我在你们这里的钱包转了一笔USDT,一共是3500个,当时选的是TRC20,因为手续费便宜嘛。火币那边很快就显示提币成功了,我也去波场浏览器上查了,状态是成功的,确认数也有几百了。但是到现在我这边钱包里面还是没有显示,余额还是原来的那些。我以为是你们系统慢,等了一个周末,今天已经周一了还是没有。我朋友说可能是地址复制错了,但我对了好几遍,地址是对的。
这笔钱对我来说挺重要的,麻烦你们帮忙查一下到底是怎么回事,需要什么资料我都可以提供。
谢谢!
张先生`),
  mail('security', 'urgent', '你们一定要帮帮我', `我真的快崩溃了。昨天晚上我在一个群里看到有人说可以帮忙领空投,我就点了他发的链接,链接里面让我连接钱包然后签名,我也没多想就签了。今天早上一看,钱包里面所有的币都没了,USDT、ETH还有一些别的代币,加起来大概有五六万块钱。我查了一下,全部都被转到同一个地址去了。我知道可能是我自己不小心,但是你们能不能帮我追回来?或者至少把那个地址冻结?我现在手里只剩下这个钱包里的一点BNB了。求求你们了。`),
  mail('restriction', 'high', '为什么要冻结我的账户???', `我是你们的老用户了,用了三年多了,一直没出过什么问题。昨天我准备提币的时候突然提示账户已被冻结,请联系客服。我就很奇怪,我也没做什么啊,就是前几天收到了一笔别人转给我的USDT,是我卖东西的货款。难道是因为这个?如果是的话我可以提供聊天记录和交易截图证明这是正常交易。你们能不能先告诉我冻结的原因是什么,需要我怎么配合,多久能解冻?里面的钱我下周要用。`),
  mail('fees', 'normal', '关于手续费的问题', `你好,我想咨询一下你们的手续费到底是怎么算的。我上个月提了好几次币,每次手续费都不一样,有时候是1U,有时候是5U,还有一次居然扣了12U。我看了你们官网的收费标准,上面写的是ERC20提币手续费固定的,但是实际扣的跟上面写的对不上。是不是我哪里理解错了?还是系统出问题了?如果是系统多扣了的话能不能退给我?我把几笔的记录都截图了,放在附件里。`),
  mail('personal_info', 'normal', '换手机号的事', `你好,是这样的,我之前注册的时候用的是我老婆的手机号,现在想换成我自己的手机号,但是在设置里面改的时候要先给原来的手机号发验证码,我老婆的手机现在在她那,她出国了,时差也不方便,能不能直接帮我改成我自己的号?或者有什么别的办法?`),

  // long, rambling, English
  mail('transaction', 'high', 'Still waiting...', `Hi there,

So I've been a customer for about 2 years and never had a problem until now. Last Thursday (the 7th) I sent 0.8 ETH from my Coinbase account to my address here. Coinbase says it's done and I can see it on etherscan with hundreds of confirmations. I waited the weekend thinking it's just slow, but it's Monday and my balance still shows the old amount. I've double-checked the address, it matches what your app shows under Deposit > ETH > ERC20.

I'm not angry, just confused and a bit worried because that's a big chunk of my savings. Could someone please look into it? Happy to provide anything you need.

Cheers,
Tom

Sent from my iPhone`),
  mail('security', 'urgent', 'please read this asap', `Hi, I don't even know where to start. I was trying to claim an airdrop that was posted in a Discord server I'm in, the site asked me to connect my wallet and sign a message, which I did because it looked legit. This morning every token in my wallet is gone, ETH, USDC, and some ARB. Everything went to the same address within a few minutes around 4am. I know it was probably my mistake but please, is there anything you can do to freeze that address or track it? I have nothing left except a tiny bit of MATIC.`),
  mail('restriction', 'high', 'Account frozen for no reason', `I have been using your wallet for over three years without any issue. Yesterday I tried to make a withdrawal and got a message saying my account is frozen and I should contact support. I haven't done anything unusual, except I received a USDT payment from a customer a few days ago for something I sold. If that's the reason I can provide the invoice and chat logs. Can you please tell me the reason, what you need from me and how long it will take? I need those funds next week.`),
  mail('fees', 'normal', 'fees dont match your website', `Hello, I'm trying to understand your fees. I withdrew several times last month and the fee was different every time: sometimes 1 USDT, sometimes 5, and once 12 USDT. Your website says the ERC20 withdrawal fee is fixed, but what I was charged doesn't match. Did I misunderstand something or is there a bug? If you overcharged me, I'd like a refund. Screenshots of the transactions are attached.`),

  // one-word subjects and tiny bodies
  mail('security', 'urgent', 'help!!!', `account hacked. all gone. pls`),
  mail('transaction', 'high', '?', `where is my deposit. 2 days`),
  mail('account', 'high', '急', `登不上去了 一直说密码错`),
  mail('security', 'urgent', '救命', `币被人转走了!!!`),
  mail('restriction', 'high', 'frozen', `why is my acc frozen. i need my money`),
  mail('fees', 'low', 'fees', `how much to withdraw usdt trc20?`),
  mail('personal_info', 'low', 'email', `can i change my email? how?`),
  mail('other', 'low', 'test', `test`),
  mail('account', 'normal', '验证码', `验证码一直收不到,注册不了`),

  // typos and informal wording
  mail('transaction', 'high', 'withdrawel not arived', `i did a withdrawel of 300 usdt yesterday and its still not arived at my okx acount. the status says "sucess" on your side. pls chek`),
  mail('account', 'high', 'cant acces my acount', `i cant acces my acount since yesturday, it says my pasword is wrong but i didnt change it. i need to get in`),
  mail('transaction', 'high', '体现没到帐', `昨天体现了1000u到火币 到现在还没到帐 怎么回事啊`),
  mail('transaction', 'high', '冲值没到', `冲值了500U 半天了没到 地址没错的`),
  mail('security', 'urgent', '号没了', `我号让人给盗了,登陆不上去,里面的u估计也没了,你们赶紧给我查查`),
  mail('fees', 'normal', '咋扣这么多', `提个币咋扣这么多手续费 坑人吧`),
  mail('security', 'urgent', 'hackd', `my acount got hackd and they took my btc, i didnt authorise anything`),

  // quoted replies: the quote repeats our acknowledgement, which must not steer triage
  mail('transaction', 'high', 'Re: [WD-20001] We received your message: withdrawal', `Here is the hash you asked for: 0x4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c. It still hasn't arrived.

On Wed, Mar 13, 2024 at 9:02 AM Walletdesk Support <support@walletdesk.local> wrote:
> Hello,
> We have received your message; its reference is WD-20001. An agent usually answers within 24 hours.
> To add details (the steps you took, when it happened, which asset, screenshots or transaction records), reply to this mail.
> Security note: our support will never ask for your password, recovery phrase, private keys or verification codes.`),
  mail('personal_info', 'normal', '回复:[WD-20002] 我们已收到您的邮件:修改邮箱', `新邮箱是 wang.new@example.com,旧邮箱已经不用了,麻烦帮我换一下。

在 2024年3月13日 星期三 09:02,Walletdesk 客服 <support@walletdesk.local> 写道:
> 您好,
> 我们已收到您的来信,工单编号为 WD-20002。客服人员通常会在 24 小时内回复您。
> 安全提示:我们的客服绝不会向您索要密码、助记词、私钥或验证码。
> 如果您的账户被盗,请立即修改密码。`),
  mail('fees', 'low', 'Re: fee question', `Thanks, that answers most of it. One more: is the swap fee the same for all trading pairs?

-----Original Message-----
From: Support <support@walletdesk.local>
Sent: Tuesday, March 12, 2024 3:00 PM
Subject: RE: fee question

Our records show no unauthorized activity on your account and your account is not restricted.`),
  mail('account', 'high', 'Re: login problem', `> Have you tried resetting your password?
Yes, twice. Still can't log in, same error "account or password incorrect".
> Which device do you use?
iPhone 14, app version 5.2.1.`),
  mail('security', 'high', '回复: 异常登录', `我没有去过新加坡,这次登录不是我。资产现在没少。

------------------ 原始邮件 ------------------
发件人: "Walletdesk" <noreply@walletdesk.local>
发送时间: 2024年3月14日 10:20
主题: 异常登录

您的账户于 2024-03-14 10:18 在新加坡登录。如非本人操作,请立即冻结账户。`),

  // forwarded text
  mail('security', 'normal', 'Fwd: Your account will be suspended', `Got this today. Is it really from you? The link goes to a strange domain.

---------- Forwarded message ---------
From: Wallet Security <security@wallet-verify-now.com>
Date: Thu, Mar 14, 2024 at 8:12 AM
Subject: Your account will be suspended

Dear user, unusual activity was detected and your account will be suspended within 24 hours. Verify your seed phrase here to keep access: http://wallet-verify-now.com/verify`),
  mail('security', 'normal', '转发: 您的账户已被冻结', `这封邮件是你们发的吗?我看着像骗子。

---------- 转发的邮件 ----------
发件人: 钱包安全中心 <notice@qb-safe-center.com>
主题: 您的账户已被冻结

尊敬的用户,您的账户存在异常交易已被冻结,请点击以下链接提交助记词进行解冻。`),
  mail('transaction', 'high', 'Fwd: Withdrawal confirmation', `This says completed but nothing arrived at Kraken after 2 days. Please check.

---------- Forwarded message ---------
From: Wallet Notifications <noreply@walletdesk.local>
Subject: Withdrawal confirmation

Your withdrawal of 0.25 BTC has been completed. Transaction ID: 9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b`),

  // signatures and disclaimers that must not count
  mail('fees', 'low', 'Withdrawal fee for USDC on Polygon', `Hi,
What is the withdrawal fee for USDC on Polygon? I couldn't find it on the fee page.

Best regards,
Anna Schmidt
Head of Finance, Example GmbH
CONFIDENTIALITY NOTICE: This email and any attachments are confidential and intended solely for the addressee. If you are not the intended recipient, any unauthorized use, disclosure or copying is strictly prohibited.`),
  mail('personal_info', 'low', 'Company account - change email', `Hello,
How do we change the contact email on our company account from the old CFO's address to finance@example.com?

Kind regards,
--
Peter Lee | Operations
This message may contain privileged information. If you received it in error, please delete it; unauthorized disclosure is prohibited.`),
  mail('transaction', 'normal', '关于闪兑', `闪兑的时候滑点太大了,实际成交价格跟显示的差了快2%,这是正常的吗?

此致
敬礼
李明
发自我的iPhone`),

  // negations and hypotheticals
  mail('transaction', 'high', 'not hacked, but withdrawal missing', `To be clear my account was not hacked, I made this withdrawal myself. 400 USDT to my Kraken account on the 10th, TRC20, still not received there.`),
  mail('transaction', 'high', '没有被盗,但是提币没到', `账户没有被盗,提币是我自己操作的,就是到现在还没到账,已经一天了。`),
  mail('security', 'low', 'What if my account gets hacked?', `Hypothetically, if my account gets hacked, do you have insurance or any way to recover funds? Just want to know before I deposit a large amount.`),
  mail('security', 'low', '万一被盗怎么办', `想问一下万一账户被盗了,你们能帮忙追回吗?有没有什么保障?`),
  mail('restriction', 'low', 'will my account be frozen?', `If I receive USDT from a P2P trade, could my account get frozen? I want to avoid problems before I start.`),
  mail('security', 'high', 'Was my account hacked?', `I see a withdrawal address added to my whitelist that I don't remember adding. Nothing has been withdrawn. Not sure if my account was hacked or if I did it and forgot. Please check.`),

  // mixed Chinese and English
  mail('transaction', 'high', 'USDT 提币没到账 withdrawal not arrived', `你好, 我昨天提了 800 USDT (TRC20) 到 Binance, status 显示 completed, 但是 Binance 没收到。TxID 在附件截图里。Please help 查一下。`),
  mail('security', 'urgent', 'account hacked 账户被盗', `Hi support, 我的 account 被盗了, someone withdrew all my ETH last night. 不是我操作的!!! Please freeze it now.`),
  mail('fees', 'low', 'gas fee 怎么算', `请问 ETH 的 gas fee 是怎么计算的?每次看到的 network fee 都不一样。`),
  mail('account', 'high', 'login 不了', `app 一直 login failed, 密码是对的, 换了 wifi 也不行, 今天必须要用。`),
  mail('personal_info', 'normal', 'change phone 换手机号', `I need to change my phone number 换成新号码 +86 138xxxx, the old SIM card is lost 旧卡丢了.`),
  mail('restriction', 'high', 'KYC 之后 account still restricted', `KYC 已经通过了, 但是 account 还是 restricted, 不能 withdraw。What else do you need?`),
  mail('other', 'low', 'Partnership 合作', `Hello 你好, we are a Web3 media with 500k followers, 想和你们谈一下推广合作 (marketing partnership). WeChat: media_web3`),
  mail('transaction', 'normal', 'swap 失败', `swap ETH 到 USDC 一直显示 failed, 但是余额没少, 这是什么问题?`),
  mail('security', 'low', '2FA 设置', `How do I set up 谷歌验证器? 在 settings 里面找不到。`),
  mail('fees', 'normal', '手续费 charged twice', `同一笔提现 fee 被扣了两次 (charged twice), please refund 一笔。`),
];
