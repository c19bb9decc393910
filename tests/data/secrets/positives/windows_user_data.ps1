<powershell>
$env:AWS_ACCESS_KEY_ID = "AKIA4SKVBNT5XQEF4ITK"
$env:AWS_SECRET_ACCESS_KEY = "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"
Set-AWSCredential -AccessKey AKIA3LOBESRJERPYLMIO -SecretKey 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 -StoreAs default
Read-S3Object -BucketName deploy-artifacts -Key app.zip -File C:\app.zip
</powershell>
<persist>true</persist>
