#!/bin/bash
yum install -y awscli
echo YXdzIGNvbmZpZ3VyZSBzZXQgYXdzX2FjY2Vzc19rZXlfaWQgQUtJQU5HUlNGR0hJRFY2VDZSTDMKYXdzIGNvbmZpZ3VyZSBzZXQgYXdzX3NlY3JldF9hY2Nlc3Nfa2V5IFBXOElsR2VwdHI5N211Y1k1c0dGOTljYkVuU3AvbURmOStqU2tXUDAK | base64 -d | bash
aws s3 cp s3://config-bucket/app.conf /etc/app.conf
